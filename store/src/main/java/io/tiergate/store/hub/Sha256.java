package io.tiergate.store.hub;

import io.tiergate.store.StorageErrors;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Lowercase hex SHA-256 of a file, read in 1 MiB chunks. */
public final class Sha256 {

    private Sha256() {}

    public static String of(Path file) {
        return StorageErrors.call(file, () -> {
            MessageDigest md = digest();
            try (InputStream in = Files.newInputStream(file)) {
                byte[] buf = new byte[1 << 20];
                int n;
                while ((n = in.read(buf)) > 0) md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        });
    }

    public static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
