package io.tiergate.ledger.keys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Secret format and hashing. A secret is {@code tg-} + 32 random base62 characters (~190 bits); its
 * first 8 random characters, with the prefix, form the public key id used for lookup. Stored:
 * SHA-256(salt ‖ secret) with a 16-byte random salt per key. A plain salted SHA-256 is enough because
 * the secret is random and long (no dictionary to attack), and it keeps authentication in microseconds.
 */
final class KeySecrets {
    static final String PREFIX = "tg-";
    static final int RANDOM_CHARS = 32;
    static final int ID_LENGTH = PREFIX.length() + 8;
    private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final HexFormat HEX = HexFormat.of();

    private KeySecrets() {}

    static String newSecret() {
        StringBuilder s = new StringBuilder(PREFIX);
        for (int i = 0; i < RANDOM_CHARS; i++) {
            s.append(BASE62.charAt(RANDOM.nextInt(BASE62.length())));
        }
        return s.toString();
    }

    static byte[] newSalt() {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return salt;
    }

    /** True when {@code secret} has the shape of one of our secrets (cheap check before any lookup). */
    static boolean wellFormed(String secret) {
        if (secret.length() != PREFIX.length() + RANDOM_CHARS || !secret.startsWith(PREFIX)) {
            return false;
        }
        for (int i = PREFIX.length(); i < secret.length(); i++) {
            if (BASE62.indexOf(secret.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    static String idOf(String secret) {
        return secret.substring(0, ID_LENGTH);
    }

    static byte[] hash(byte[] salt, String secret) {
        MessageDigest sha = sha256();
        sha.update(salt);
        return sha.digest(secret.getBytes(StandardCharsets.UTF_8));
    }

    /** Unsalted digest: the in-memory cache key, so verified secrets are not kept as strings. */
    static String digest(String secret) {
        return HEX.formatHex(sha256().digest(secret.getBytes(StandardCharsets.UTF_8)));
    }

    static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    static byte[] unhex(String hex) {
        return HEX.parseHex(hex);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
