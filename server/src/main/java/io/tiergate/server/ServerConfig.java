package io.tiergate.server;

import java.util.Optional;

/**
 * The HTTP listener. Defaults: 127.0.0.1:4141, 4 MiB request bodies. {@code masterKey} guards the
 * admin API; once it is set (or any virtual key exists), every model request needs a key too.
 */
public record ServerConfig(String host, int port, long maxBodyBytes, Optional<String> masterKey) {
    public static final int DEFAULT_PORT = 4141;
    public static final long DEFAULT_MAX_BODY_BYTES = 4L * 1024 * 1024;

    public ServerConfig {
        if (host == null || host.isBlank()) throw new IllegalArgumentException("server.host: must not be empty");
        if (port < 0 || port > 65535) throw new IllegalArgumentException("server.port: " + port + " is not a port (0-65535)");
        if (maxBodyBytes < 1024) throw new IllegalArgumentException("server.max-body-bytes: " + maxBodyBytes + " is below 1024");
        masterKey = masterKey == null ? Optional.empty() : masterKey;
    }

    public static ServerConfig defaults() {
        return new ServerConfig("127.0.0.1", DEFAULT_PORT, DEFAULT_MAX_BODY_BYTES, Optional.empty());
    }

    public ServerConfig withPort(int newPort) {
        return new ServerConfig(host, newPort, maxBodyBytes, masterKey);
    }
}
