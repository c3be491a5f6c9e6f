package io.tiergate.ledger.keys;

import io.tiergate.ledger.LedgerDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class SqliteKeyAdminTest extends KeyAdminContract {
    @TempDir
    Path dir;
    private final AtomicInteger homes = new AtomicInteger();

    @Override
    String freshUrl() {
        return LedgerDatabase.sqliteUrl(dir.resolve("home-" + homes.incrementAndGet()));
    }

    @Test
    void theSecretNeverReachesTheDatabaseFiles() throws Exception {
        Path home = dir.resolve("hash-only");
        LedgerDatabase db = LedgerDatabase.open(LedgerDatabase.sqliteUrl(home));
        KeyAdmin admin = new KeyAdmin(db);
        CreatedKey created = admin.create(KeySpec.named("bot"));
        new KeyAuthenticator(db, Duration.ZERO).authenticate(created.secret()).orElseThrow();
        String secretPart = created.secret().substring(created.key().id().length());
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.list(home)) {
            for (Path f : files.toList()) { // ledger.db and, while open, -wal and -shm
                all.append(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1));
            }
        }
        assertThat(all.toString()).doesNotContain(secretPart);
        assertThat(all.toString()).as("the key id is stored, so the scan looked at the right data")
                .contains(created.key().id());
    }
}
