package io.tiergate.server;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.tiergate.api.Caller;
import io.tiergate.api.ChatRequest;
import io.tiergate.api.Usage;
import io.tiergate.gateway.ChatExchange;
import io.tiergate.gateway.RouteInfo;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The request, error, latency and token metrics /metrics exports for chat and embedding calls, read back from the Prometheus text format. */
class GatewayMetricsTest {
    /** Labels come out sorted by name. */
    private static final String LAN = "backend=\"b1\",model=\"m\",tier=\"lan\"";

    private final GatewayMetrics metrics = new GatewayMetrics();

    @Test
    void countsEachRouteByStatusAndErrorAcrossCalls() throws IOException {
        metrics.onExchange(exchange(200, Optional.empty(), new Usage(10, 4, 0, 0), Optional.empty(), true));
        metrics.onExchange(exchange(200, Optional.empty(), new Usage(5, 1, 0, 0), Optional.empty(), true));
        metrics.onExchange(exchange(502, Optional.of("upstream_error"), Usage.ZERO, Optional.empty(), true));
        metrics.onExchange(exchange(404, Optional.of("model_not_found"), Usage.ZERO, Optional.empty(), false));

        String text = scrape();
        assertThat(value(text, "tiergate_requests_total{backend=\"b1\",model=\"m\",status=\"200\",tier=\"lan\"}")).isEqualTo(2);
        assertThat(value(text, "tiergate_requests_total{backend=\"b1\",model=\"m\",status=\"502\",tier=\"lan\"}")).isEqualTo(1);
        assertThat(value(text, "tiergate_errors_total{backend=\"b1\",code=\"upstream_error\",model=\"m\",tier=\"lan\"}")).isEqualTo(1);
        assertThat(value(text, "tiergate_input_tokens_total{" + LAN + "}")).isEqualTo(15);
        assertThat(value(text, "tiergate_output_tokens_total{" + LAN + "}")).isEqualTo(5);
        assertThat(value(text, "tiergate_request_duration_seconds_count{" + LAN + "}")).isEqualTo(3);
        assertThat(value(text, "tiergate_request_duration_seconds_sum{" + LAN + "}")).isEqualTo(0.009, within(1e-9));
        // A call without a route is counted under the model it asked for, on no backend or tier.
        assertThat(value(text, "tiergate_requests_total{backend=\"none\",model=\"m\",status=\"404\",tier=\"none\"}")).isEqualTo(1);
        assertThat(value(text, "tiergate_errors_total{backend=\"none\",code=\"model_not_found\",model=\"m\",tier=\"none\"}")).isEqualTo(1);
    }

    @Test
    void clientChosenModelNamesOfUnroutedCallsCannotGrowTheSeriesWithoutBound() throws IOException {
        for (int i = 0; i < 500; i++) {
            ChatExchange e = exchange(404, Optional.of("model_not_found"), Usage.ZERO, Optional.empty(), false);
            metrics.onExchange(new ChatExchange(e.start(), e.requestId(), e.caller(), ChatRequest.ofUser("no-such-model-" + i, "hi"),
                    e.route(), e.policy(), e.policyVerdict(), e.detectedTypes(), e.response(), e.usage(), e.timeToFirstToken(),
                    e.latency(), e.status(), e.errorCode(), false));
        }
        String text = scrape();
        long series = text.lines().filter(l -> l.startsWith("tiergate_requests_total{")).count();
        assertThat(series).isEqualTo(GatewayMetrics.MAX_UNROUTED_MODELS + 1);
        assertThat(value(text, "tiergate_requests_total{backend=\"none\",model=\"no-such-model-0\",status=\"404\",tier=\"none\"}"))
                .isEqualTo(1);
        assertThat(value(text, "tiergate_requests_total{backend=\"none\",model=\"(other)\",status=\"404\",tier=\"none\"}"))
                .isEqualTo(500 - GatewayMetrics.MAX_UNROUTED_MODELS);
    }

    @Test
    void exportsTokenAndFirstTokenSeriesOnlyOnceTheyHaveAValue() throws IOException {
        metrics.onExchange(exchange(502, Optional.of("upstream_error"), Usage.ZERO, Optional.empty(), true));
        assertThat(scrape()).contains("tiergate_requests_total{").doesNotContain("tiergate_input_tokens_total{")
                .doesNotContain("tiergate_time_to_first_token_seconds_count{");

        metrics.onExchange(exchange(200, Optional.empty(), new Usage(3, 2, 0, 0), Optional.of(Duration.ofMillis(7)), true));
        String text = scrape();
        assertThat(value(text, "tiergate_time_to_first_token_seconds_count{" + LAN + "}")).isEqualTo(1);
        assertThat(value(text, "tiergate_time_to_first_token_seconds_sum{" + LAN + "}")).isEqualTo(0.007, within(1e-9));
        assertThat(value(text, "tiergate_input_tokens_total{" + LAN + "}")).isEqualTo(3);
    }

    @Test
    void embeddingCallsLandInTheirOwnFamiliesAndNeverInTheChatOnes() throws IOException {
        metrics.onExchange(exchange(200, Optional.empty(), new Usage(10, 4, 0, 0), Optional.of(Duration.ofMillis(7)), true));
        // An embedding carrying a first token and completion tokens (the gateway never reports such a one) still
        // observes neither: its kind has no such families.
        metrics.onExchange(exchange(200, Optional.empty(), new Usage(6, 2, 0, 0), Optional.of(Duration.ofMillis(1)), true, true));
        metrics.onExchange(exchange(502, Optional.of("upstream_error"), Usage.ZERO, Optional.empty(), true, true));

        String text = scrape();
        assertThat(value(text, "tiergate_requests_total{backend=\"b1\",model=\"m\",status=\"200\",tier=\"lan\"}")).isEqualTo(1);
        assertThat(text).doesNotContain("tiergate_requests_total{backend=\"b1\",model=\"m\",status=\"502\"")
                .doesNotContain("tiergate_errors_total{");
        assertThat(value(text, "tiergate_request_duration_seconds_count{" + LAN + "}")).isEqualTo(1);
        assertThat(value(text, "tiergate_time_to_first_token_seconds_count{" + LAN + "}")).isEqualTo(1);
        assertThat(value(text, "tiergate_time_to_first_token_seconds_sum{" + LAN + "}")).isEqualTo(0.007, within(1e-9));
        assertThat(value(text, "tiergate_input_tokens_total{" + LAN + "}")).isEqualTo(10);
        assertThat(value(text, "tiergate_output_tokens_total{" + LAN + "}")).isEqualTo(4);

        assertThat(value(text, "tiergate_embedding_requests_total{backend=\"b1\",model=\"m\",status=\"200\",tier=\"lan\"}")).isEqualTo(1);
        assertThat(value(text, "tiergate_embedding_requests_total{backend=\"b1\",model=\"m\",status=\"502\",tier=\"lan\"}")).isEqualTo(1);
        assertThat(value(text, "tiergate_embedding_errors_total{backend=\"b1\",code=\"upstream_error\",model=\"m\",tier=\"lan\"}")).isEqualTo(1);
        assertThat(value(text, "tiergate_embedding_request_duration_seconds_count{" + LAN + "}")).isEqualTo(2);
        assertThat(value(text, "tiergate_embedding_input_tokens_total{" + LAN + "}")).isEqualTo(6);
        assertThat(text).doesNotContain("tiergate_embedding_time_to_first_token").doesNotContain("tiergate_embedding_output_tokens");
    }

    /** The families and label names docs/metrics.md lists; a change here is a change there. */
    private static final Map<String, Set<String>> DOCUMENTED = Map.of(
            "tiergate_requests_total", Set.of("model", "backend", "tier", "status"),
            "tiergate_errors_total", Set.of("model", "backend", "tier", "code"),
            "tiergate_request_duration_seconds", Set.of("model", "backend", "tier"),
            "tiergate_time_to_first_token_seconds", Set.of("model", "backend", "tier"),
            "tiergate_input_tokens_total", Set.of("model", "backend", "tier"),
            "tiergate_output_tokens_total", Set.of("model", "backend", "tier"),
            "tiergate_embedding_requests_total", Set.of("model", "backend", "tier", "status"),
            "tiergate_embedding_errors_total", Set.of("model", "backend", "tier", "code"),
            "tiergate_embedding_request_duration_seconds", Set.of("model", "backend", "tier"),
            "tiergate_embedding_input_tokens_total", Set.of("model", "backend", "tier"));

    @Test
    void exportsExactlyTheDocumentedFamiliesAndLabels() throws IOException {
        for (boolean embedding : new boolean[]{false, true}) {
            metrics.onExchange(exchange(200, Optional.empty(), new Usage(3, 2, 0, 0), Optional.of(Duration.ofMillis(2)), true, embedding));
            metrics.onExchange(exchange(404, Optional.of("model_not_found"), Usage.ZERO, Optional.empty(), false, embedding));
        }
        Map<String, Set<String>> exported = new TreeMap<>();
        for (String line : scrape().lines().filter(l -> l.startsWith("tiergate_")).toList()) {
            String family = line.substring(0, line.indexOf('{')).replaceFirst("_(bucket|count|sum)$", "");
            Set<String> labels = new TreeSet<>();
            Matcher m = Pattern.compile("([a-z_]+)=\"").matcher(line.substring(line.indexOf('{')));
            while (m.find()) if (!m.group(1).equals("le")) labels.add(m.group(1));
            assertThat(exported.merge(family, labels, (a, b) -> a)).as(line).isEqualTo(labels);
        }
        assertThat(exported).isEqualTo(DOCUMENTED);
    }

    @Test
    void chatAndEmbeddingCallsShareOneCapOnUnroutedModelNames() throws IOException {
        int each = GatewayMetrics.MAX_UNROUTED_MODELS / 2 + 8;
        for (int i = 0; i < each; i++) {
            metrics.onExchange(exchange("chat-" + i, 404, Optional.of("model_not_found"), Usage.ZERO, Optional.empty(), false, false));
            metrics.onExchange(exchange("embed-" + i, 404, Optional.of("model_not_found"), Usage.ZERO, Optional.empty(), false, true));
        }
        String text = scrape();
        Set<String> models = new TreeSet<>();
        Matcher m = Pattern.compile("^tiergate_(?:embedding_)?requests_total\\{.*model=\"([^\"]*)\"", Pattern.MULTILINE).matcher(text);
        while (m.find()) models.add(m.group(1));
        assertThat(models).hasSize(GatewayMetrics.MAX_UNROUTED_MODELS + 1).contains(GatewayMetrics.OTHER_MODELS, "chat-0", "embed-0");
        // the first 32 of each got names; the later 8 of each became (other)
        assertThat(value(text, "tiergate_requests_total{backend=\"none\",model=\"(other)\",status=\"404\",tier=\"none\"}")).isEqualTo(8);
        assertThat(value(text, "tiergate_embedding_requests_total{backend=\"none\",model=\"(other)\",status=\"404\",tier=\"none\"}")).isEqualTo(8);
    }

    private static ChatExchange exchange(int status, Optional<String> error, Usage usage, Optional<Duration> ttft,
                                         boolean routed) {
        return exchange(status, error, usage, ttft, routed, false);
    }

    private static ChatExchange exchange(int status, Optional<String> error, Usage usage, Optional<Duration> ttft,
                                         boolean routed, boolean embedding) {
        return exchange("m", status, error, usage, ttft, routed, embedding);
    }

    private static ChatExchange exchange(String model, int status, Optional<String> error, Usage usage,
                                         Optional<Duration> ttft, boolean routed, boolean embedding) {
        ChatRequest request = ChatRequest.ofUser(model, "hello");
        return new ChatExchange(Instant.EPOCH, "req-1", Caller.ANONYMOUS, request,
                routed ? Optional.of(new RouteInfo("req-1", "lan", "b1", model, "explicit model", Optional.empty()))
                        : Optional.empty(),
                "none", "allow", List.of(), Optional.empty(), usage, ttft, Duration.ofMillis(3), status, error, false, embedding);
    }

    private String scrape() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrometheusTextFormatWriter.create().write(out, metrics.registry().scrape());
        return out.toString(StandardCharsets.UTF_8);
    }

    private static double value(String text, String series) {
        return text.lines().filter(l -> l.startsWith(series + " ")).findFirst()
                .map(l -> Double.parseDouble(l.substring(series.length() + 1).trim()))
                .orElseThrow(() -> new AssertionError("no series " + series + " in:\n" + text));
    }
}
