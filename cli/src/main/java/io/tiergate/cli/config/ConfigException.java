package io.tiergate.cli.config;

/** Invalid configuration: says the file, the key (dotted path) and the reason. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String file, String key, String reason) {
        super(file + ": " + (key.isEmpty() ? "" : key + ": ") + reason);
    }
}
