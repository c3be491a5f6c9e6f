package io.tiergate.cli.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tiergate.api.LedgerEntry;
import io.tiergate.api.Usage;
import io.tiergate.ledger.JdbcLedger;
import io.tiergate.ledger.LedgerConfig;
import io.tiergate.ledger.LedgerDatabase;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class AuditCommandTest {
    @TempDir
    Path home;
    String url;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    @BeforeEach
    void fillLedger() {
        url = LedgerDatabase.sqliteUrl(home);
        try (JdbcLedger ledger = new JdbcLedger(LedgerDatabase.open(url), LedgerConfig.defaults().withUrl(url))) {
            Instant recent = Instant.now().minus(Duration.ofHours(1));
            Instant old = Instant.now().minus(Duration.ofDays(30));
            ledger.record(entry(recent, "qwen3-1.7b", "local", 0, 2_000, 100));
            ledger.record(entry(recent, "qwen3-1.7b", "local", 0, 3_000, 300));
            ledger.record(entry(recent, "gpt-4o", "frontier", 5_000, 5_000, 200));
            ledger.record(entry(old, "gpt-4o", "frontier", 7_000, 7_000, 400));
        }
    }

    private static LedgerEntry entry(Instant t, String model, String tier, double cost, double counterfactual, long latencyMs) {
        return new LedgerEntry(t, "r-" + latencyMs, "tg-abc", Optional.of("growth"), Optional.of("triage"), Optional.empty(),
                "auto", model, tier, tier, Optional.of(0.4), "reason", "allow", List.of(), new Usage(1_000, 100, 0, 0),
                Optional.empty(), Duration.ofMillis(latencyMs), 200, Optional.empty(), cost, counterfactual,
                Optional.empty(), Optional.empty());
    }

    private int run(String... args) {
        return new CommandLine(new AuditCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
    }

    @Test
    void printsATableGroupedByTierWithSavings() {
        assertThat(run("--db", url, "--since", "7d", "--by", "tier")).isZero();
        String table = out.toString();
        assertThat(table).contains("TIER", "REQUESTS", "SAVED");
        assertThat(table.lines().filter(l -> l.startsWith("local")).findFirst().orElseThrow())
                .contains("  2  ").contains("$0.0050"); // 2 requests, $0.005 saved
        assertThat(table.lines().filter(l -> l.startsWith("total")).findFirst().orElseThrow()).contains("  3  ");
    }

    @Test
    void printsJsonThatParsesWithTotals() throws Exception {
        assertThat(run("--db", url, "--by", "model", "--format", "json")).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.get("groupBy").asText()).isEqualTo("model");
        assertThat(json.get("total").get("requests").asLong()).isEqualTo(4);
        assertThat(json.get("total").get("savingsMicros").asDouble()).isEqualTo(5_000.0);
        assertThat(json.get("rows")).hasSize(2);
    }

    @Test
    void printsCsvWithAHeaderAndOneLinePerGroupPlusTotal() {
        assertThat(run("--db", url, "--since", "2020-01-01", "--by", "workflow", "--format", "csv")).isZero();
        List<String> lines = out.toString().lines().toList();
        assertThat(lines.getFirst()).startsWith("group,requests,errors");
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).startsWith("triage,4,0,4000,400,");
        assertThat(lines.get(2)).startsWith("total,4,");
    }

    @Test
    void rejectsAnUnknownGroupClearly() {
        assertThat(run("--db", url, "--by", "region")).isEqualTo(2);
        assertThat(err.toString()).contains("invalid by 'region'").contains("model").doesNotContain("Exception");
    }

    @Test
    void rejectsABadSinceClearly() {
        assertThat(run("--db", url, "--since", "last tuesday")).isEqualTo(2);
        assertThat(err.toString()).contains("invalid since 'last tuesday'").doesNotContain("at io.");
    }

    @Test
    void rejectsABadFormatClearly() {
        assertThat(run("--db", url, "--format", "xml")).isEqualTo(2);
        assertThat(err.toString()).contains("invalid format 'xml'");
    }

    /** Two embeddings and a chat call whose max_tokens was clamped, beside the four chat calls of {@link #fillLedger}. */
    private void addEmbeddingsAndAClampedCall() {
        try (JdbcLedger ledger = new JdbcLedger(LedgerDatabase.open(url), LedgerConfig.defaults().withUrl(url))) {
            Instant recent = Instant.now().minus(Duration.ofMinutes(5));
            ledger.record(entry(recent, "minilm", "local", 0, 0, 7).with(LedgerEntry.Kind.EMBEDDING, Optional.empty()));
            ledger.record(entry(recent, "minilm", "local", 0, 0, 8).with(LedgerEntry.Kind.EMBEDDING, Optional.empty()));
            ledger.record(entry(recent, "qwen3-1.7b", "local", 0, 1_000, 50)
                    .with(LedgerEntry.Kind.CHAT, Optional.of(new LedgerEntry.MaxTokensClamp(8_192, 3_000))));
        }
    }

    @Test
    void splitsTheTableByKindAndCountsClampedCalls() {
        addEmbeddingsAndAClampedCall();
        assertThat(run("--db", url, "--since", "7d", "--by", "tier")).isZero();
        List<String> lines = out.toString().lines().toList();
        assertThat(lines.get(1)).startsWith("TIER").endsWith("CLAMPED");
        assertThat(lines).filteredOn(l -> l.startsWith("total")).singleElement().asString().contains("  6  ").endsWith("  1");
        assertThat(lines).filteredOn(l -> l.startsWith("KIND")).hasSize(1);
        assertThat(lines).filteredOn(l -> l.startsWith("chat")).singleElement().asString().contains("  4  ").endsWith("  1");
        assertThat(lines).filteredOn(l -> l.startsWith("embedding")).singleElement().asString().contains("  2  ").endsWith("  0");
    }

    @Test
    void filtersByKind() throws Exception {
        addEmbeddingsAndAClampedCall();
        assertThat(run("--db", url, "--kind", "embedding", "--format", "json")).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.get("kind").asText()).isEqualTo("embedding");
        assertThat(json.get("total").get("requests").asLong()).isEqualTo(2);
        assertThat(json.get("byKind")).hasSize(1);
        out.getBuffer().setLength(0);
        assertThat(run("--db", url, "--kind", "chat", "--by", "kind", "--format", "csv")).isZero();
        List<String> csv = out.toString().lines().toList();
        assertThat(csv.getFirst()).endsWith(",clamped_requests");
        assertThat(csv.get(1)).startsWith("chat,5,").endsWith(",1");
        assertThat(csv).hasSize(3);
        out.getBuffer().setLength(0);
        assertThat(run("--db", url, "--kind", "chat")).isZero();
        assertThat(out.toString().lines().findFirst().orElseThrow()).endsWith("(chat only)");
        assertThat(out.toString().lines()).as("one kind kept: no split by kind").noneMatch(l -> l.startsWith("KIND"));
    }

    @Test
    void rejectsAnUnknownKindClearly() {
        assertThat(run("--db", url, "--kind", "other")).isEqualTo(2);
        assertThat(err.toString()).contains("invalid kind 'other': expected chat or embedding").doesNotContain("Exception");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void rejectsABadJdbcUrlClearly() {
        assertThat(run("--db", "jdbc:oracle:thin:@db:1521/x")).isEqualTo(1);
        assertThat(err.toString()).contains("unsupported ledger URL").contains("jdbc:postgresql://");
        err.getBuffer().setLength(0);
        assertThat(run("--db", "jdbc:postgresql://127.0.0.1:1/x?connectTimeout=2")).isEqualTo(1);
        assertThat(err.toString()).contains("cannot connect to the ledger database").doesNotContain("\tat ");
    }
}
