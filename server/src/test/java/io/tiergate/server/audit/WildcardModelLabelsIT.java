package io.tiergate.server.audit;

import io.tiergate.api.LedgerQuery;
import io.tiergate.api.LedgerSummary;
import io.tiergate.api.Locality;
import io.tiergate.api.ResidencyPolicy;
import io.tiergate.testkit.dummy.DummyBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tier that serves any model ({@code "*"}) takes the model name from the client. Over real HTTP: 150
 * requests each naming a new model all succeed, yet {@code /metrics} labels only the first 100 names as
 * themselves and the rest as {@code (other)} — in the request families and in the cost families — while the
 * configured model keeps its name and the ledger keeps every real name.
 */
class WildcardModelLabelsIT {
    private static final int NAMES = 150;
    private static final int CAP = 100;
    private static final Pattern MODEL = Pattern.compile("model=\"([^\"]*)\"");

    @TempDir
    Path dir;
    AuditHarness h;

    @BeforeEach
    void start() {
        DummyBackend cloud = new DummyBackend("openai", Locality.CLOUD, "openai");
        h = new AuditHarness(AuditHarness.sqliteUrl(dir), List.of(AuditHarness.tier("cloud", 0, cloud, "test-model", "*")),
                ResidencyPolicy.ALLOW_ALL, Optional.empty());
    }

    @AfterEach
    void stop() {
        h.close();
    }

    @Test
    void clientChosenNamesPastTheCapShareOneLabelAndEveryRequestSucceeds() throws Exception {
        for (int i = 0; i < NAMES; i++) {
            HttpResponse<String> r = h.post("/v1/chat/completions", AuditHarness.chat("cloud/m-" + i, "hello", i % 2 == 0), Optional.empty());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        }
        // the operator's own model, asked for after the cap is reached, still has its own series
        assertThat(h.post("/v1/chat/completions", AuditHarness.chat("cloud/test-model", "hello", false), Optional.empty()).statusCode())
                .isEqualTo(200);

        String metrics = h.get("/metrics", Optional.empty()).body();
        Set<String> requestLabels = labels(metrics, "tiergate_requests_total{");
        Set<String> costLabels = labels(metrics, "tiergate_cost_usd_total{");
        Set<String> everyLabel = labels(metrics, "tiergate_");
        assertThat(requestLabels).hasSize(CAP + 2).contains("(other)", "test-model", "m-0", "m-" + (CAP - 1))
                .doesNotContain("m-" + CAP, "m-" + (NAMES - 1));
        assertThat(costLabels).isEqualTo(requestLabels);
        assertThat(everyLabel).as("no family labels a name past the cap").isEqualTo(requestLabels);
        assertThat(value(metrics, "tiergate_requests_total{backend=\"openai\",model=\"(other)\",status=\"200\",tier=\"cloud\"}"))
                .isEqualTo(NAMES - CAP);
        assertThat(value(metrics, "tiergate_requests_total{backend=\"openai\",model=\"m-0\",status=\"200\",tier=\"cloud\"}")).isEqualTo(1);

        h.wiring.ledger().flush();
        LedgerSummary byModel = h.wiring.ledger().summarize(new LedgerQuery(Optional.empty(), Optional.empty(),
                LedgerQuery.GroupBy.MODEL, Optional.empty(), Optional.empty()));
        Set<String> ledgerModels = byModel.rows().stream().map(LedgerSummary.Row::group).collect(Collectors.toSet());
        assertThat(ledgerModels).as("the ledger keeps the real names").hasSize(NAMES + 1).contains("m-" + (NAMES - 1))
                .doesNotContain("(other)");
    }

    /** The model label values of every series whose line starts with {@code prefix}. */
    private static Set<String> labels(String metrics, String prefix) {
        Set<String> out = new TreeSet<>();
        metrics.lines().filter(l -> l.startsWith(prefix)).forEach(l -> {
            Matcher m = MODEL.matcher(l);
            if (m.find()) out.add(m.group(1));
        });
        return out;
    }

    private static double value(String text, String series) {
        return text.lines().filter(l -> l.startsWith(series + " ")).findFirst()
                .map(l -> Double.parseDouble(l.substring(series.length() + 1).trim()))
                .orElseThrow(() -> new AssertionError("no series " + series));
    }
}
