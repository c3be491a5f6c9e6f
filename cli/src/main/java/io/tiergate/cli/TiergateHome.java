package io.tiergate.cli;

import java.nio.file.Path;
import java.util.Map;

/** Where Tiergate keeps its data: {@code TIERGATE_HOME}, else {@code ~/.tiergate}. */
public final class TiergateHome {
    private TiergateHome() {}

    public static Path resolve() {
        return resolve(System.getenv());
    }

    public static Path resolve(Map<String, String> env) {
        String home = env.get("TIERGATE_HOME");
        if (home != null && !home.isBlank()) return Path.of(home).toAbsolutePath();
        return Path.of(System.getProperty("user.home"), ".tiergate");
    }
}
