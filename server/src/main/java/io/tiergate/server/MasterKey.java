package io.tiergate.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/** The configured master key, compared in constant time (a token's timing must not reveal how much of it matched). */
final class MasterKey {
    private MasterKey() {}

    /** A blank setting counts as none. */
    static boolean configured(Optional<String> masterKey) {
        return masterKey.filter(k -> !k.isBlank()).isPresent();
    }

    /** True when a master key is configured and {@code token} is it. */
    static boolean matches(Optional<String> masterKey, Optional<String> token) {
        return configured(masterKey) && token.isPresent()
                && MessageDigest.isEqual(masterKey.get().getBytes(StandardCharsets.UTF_8), token.get().getBytes(StandardCharsets.UTF_8));
    }
}
