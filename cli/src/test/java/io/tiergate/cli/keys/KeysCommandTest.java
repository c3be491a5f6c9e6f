package io.tiergate.cli.keys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tiergate.ledger.LedgerDatabase;
import io.tiergate.ledger.keys.KeyAuthenticator;
import io.tiergate.ledger.keys.VirtualKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class KeysCommandTest {
    @TempDir
    Path home;
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        return new CommandLine(new KeysCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
    }

    @Test
    void createsListsAndRevokesAKeyThatAuthenticatesUntilRevoked() throws Exception {
        String url = LedgerDatabase.sqliteUrl(home);
        assertThat(run("create", "--db", url, "--name", "support bot", "--team", "support", "--models", "gpt-4o-mini,auto",
                "--budget-day", "5", "--budget-month", "0.75", "--rpm", "60", "--tpm", "100000", "--json")).isZero();
        JsonNode created = new ObjectMapper().readTree(out.toString());
        String secret = created.get("secret").asText();
        String id = created.get("id").asText();
        assertThat(created.get("budget_per_day_micros").asLong()).isEqualTo(5_000_000);
        assertThat(created.get("budget_per_month_micros").asLong()).isEqualTo(750_000);

        KeyAuthenticator auth = new KeyAuthenticator(LedgerDatabase.open(url), Duration.ZERO);
        VirtualKey key = auth.authenticate(secret).orElseThrow();
        assertThat(key.allowedModels()).containsExactly("gpt-4o-mini", "auto");
        assertThat(key.limits().requestsPerMinute()).hasValue(60);

        assertThat(run("list", "--db", url)).isZero();
        assertThat(out.toString()).contains(id, "support bot", "$5.00", "live").doesNotContain(secret.substring(11));

        assertThat(run("revoke", "--db", url, id)).isZero();
        assertThat(out.toString()).contains("Revoked key " + id);
        assertThat(auth.authenticate(secret)).isEmpty();
        assertThat(run("list", "--db", url)).isZero();
        assertThat(out.toString()).doesNotContain(id);
        assertThat(run("list", "--db", url, "--all", "--json")).isZero();
        assertThat(new ObjectMapper().readTree(out.toString()).get(0).get("revoked_at").isNull()).isFalse();
        assertThat(run("revoke", "--db", url, id)).isEqualTo(1);
        assertThat(err.toString()).contains("no live key");
    }

    @Test
    void printsTheSecretOnceInTextMode() {
        String url = LedgerDatabase.sqliteUrl(home);
        assertThat(run("create", "--db", url, "--name", "x")).isZero();
        assertThat(out.toString()).containsPattern("Secret \\(shown once, store it now\\): tg-[0-9A-Za-z]{32}");
    }

    @Test
    void rejectsBadAmountsAndMissingNamesClearly() {
        String url = LedgerDatabase.sqliteUrl(home);
        assertThat(run("create", "--db", url, "--name", "x", "--budget-day", "five")).isEqualTo(2);
        assertThat(err.toString()).contains("--budget-day must be dollars like 5 or 0.50");
        assertThat(run("create", "--db", url, "--name", "x", "--budget-month", "-3")).isEqualTo(2);
        assertThat(err.toString()).contains("--budget-month must be a positive amount");
        assertThat(run("create", "--db", url, "--name", "x", "--rpm", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("requests-per-minute must be positive");
        assertThat(run("create", "--db", url)).isEqualTo(2);
        assertThat(err.toString()).contains("Missing required option: '--name");
        assertThat(run("create", "--db", "mysql://x", "--name", "x")).isEqualTo(1);
        assertThat(err.toString()).contains("unsupported ledger URL");
    }
}
