package io.tiergate.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tiergate.api.BackendFailure;
import io.tiergate.api.Caller;
import io.tiergate.api.Locality;
import io.tiergate.testkit.dummy.DummyBackend;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The HTTP edge over a dummy backend: headers, SSE framing, and every bad input answered in OpenAI's shape. */
class EdgeBehaviourIT {
    static final ObjectMapper JSON = new ObjectMapper();
    static final DummyBackend local = new DummyBackend("engine", Locality.IN_PROCESS, "tiergate");
    static final DummyBackend cloud = new DummyBackend("openai", Locality.CLOUD, "openai");
    static ServerHarness h;

    @BeforeAll
    static void start() {
        h = new ServerHarness(List.of(ServerHarness.tier("local", 0, local, "small"),
                ServerHarness.tier("cloud", 1, cloud, "big")), Authentication.OPEN, 64 * 1024);
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    @BeforeEach
    void heal() {
        local.healthy();
        cloud.healthy();
    }

    static String chat(String model, String text) {
        return "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}";
    }

    @Test
    void answersWithRouteHeadersAndARequestId() throws Exception {
        HttpResponse<String> r = h.post("/v1/chat/completions", chat("auto", "hello"), "x-request-id", "abc-123");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-request-id")).contains("abc-123");
        assertThat(r.headers().firstValue("x-tiergate-tier")).contains("local");
        assertThat(r.headers().firstValue("x-tiergate-backend")).contains("engine");
        assertThat(r.headers().firstValue("x-tiergate-route-reason")).get().asString().contains("default tier");
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("object").asText()).isEqualTo("chat.completion");
        assertThat(body.path("choices").get(0).path("message").path("content").asText()).isEqualTo("[engine] echo: hello");
        assertThat(body.path("usage").path("prompt_tokens").asInt()).isEqualTo(1);
    }

    @Test
    void generatesARequestIdWhenNoneIsGiven() throws Exception {
        HttpResponse<String> r = h.post("/v1/chat/completions", chat("auto", "hi"));
        assertThat(r.headers().firstValue("x-request-id")).get().asString().startsWith("req_");
    }

    @Test
    void streamsServerSentEventsEndingInDone() throws Exception {
        String body = "{\"model\":\"cloud\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hey\"}]}";
        HttpResponse<String> r = h.post("/v1/chat/completions", body);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).get().asString().startsWith("text/event-stream");
        assertThat(r.headers().firstValue("x-tiergate-tier")).contains("cloud");
        List<String> events = List.of(r.body().split("\n\n"));
        assertThat(events.getLast()).isEqualTo("data: [DONE]");
        StringBuilder text = new StringBuilder();
        for (String e : events.subList(0, events.size() - 1)) {
            JsonNode chunk = JSON.readTree(e.substring("data: ".length()));
            assertThat(chunk.path("object").asText()).isEqualTo("chat.completion.chunk");
            assertThat(chunk.has("usage") && !chunk.get("usage").isNull()).as("usage only when asked").isFalse();
            for (JsonNode c : chunk.path("choices")) text.append(c.path("delta").path("content").asText(""));
        }
        assertThat(text.toString()).isEqualTo("[openai] echo: hey");
    }

    @Test
    void includesUsageInTheStreamWhenAsked() throws Exception {
        String body = "{\"model\":\"auto\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"one two\"}]}";
        HttpResponse<String> r = h.post("/v1/chat/completions", body);
        String[] events = r.body().split("\n\n");
        JsonNode last = JSON.readTree(events[events.length - 2].substring(6));
        assertThat(last.path("choices")).isEmpty();
        assertThat(last.path("usage").path("prompt_tokens").asInt()).isEqualTo(2);
    }

    @Test
    void anUpstreamThatDiesMidStreamEndsTheStreamWithAnErrorEvent() throws Exception {
        local.breakingAfter(1);
        String body = "{\"model\":\"local\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}";
        HttpResponse<String> r = h.post("/v1/chat/completions", body);
        assertThat(r.statusCode()).isEqualTo(200);
        String[] events = r.body().split("\n\n");
        JsonNode err = JSON.readTree(events[events.length - 1].substring(6));
        assertThat(err.path("error").path("code").asText()).isEqualTo("upstream_stream_broken");
        assertThat(err.path("error").path("message").asText()).contains("'engine'");
        assertThat(r.body()).doesNotContain("[DONE]");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            malformed JSON            | {"model":                                                     | 400 | invalid_request_error |
            not an object             | [1,2,3]                                                       | 400 | invalid_request_error |
            missing messages          | {"model":"auto"}                                              | 400 | invalid_request_error | messages
            empty messages            | {"model":"auto","messages":[]}                                | 400 | invalid_request_error | messages
            bad role                  | {"model":"auto","messages":[{"role":"wizard","content":"x"}]} | 400 | invalid_request_error | messages[0].role
            temperature out of range  | {"model":"auto","temperature":7,"messages":[{"role":"user","content":"x"}]} | 400 | invalid_request_error | temperature
            negative max_tokens       | {"model":"auto","max_tokens":-1,"messages":[{"role":"user","content":"x"}]} | 400 | invalid_request_error | max_tokens
            unknown model             | {"model":"gpt-17","messages":[{"role":"user","content":"x"}]} | 404 | invalid_request_error | model
            """)
    void badInputGetsAnOpenAiShapedError(String name, String body, int status, String type, String param) throws Exception {
        HttpResponse<String> r = h.post("/v1/chat/completions", body);
        assertThat(r.statusCode()).as(name).isEqualTo(status);
        JsonNode err = JSON.readTree(r.body()).path("error");
        assertThat(err.path("type").asText()).isEqualTo(type);
        assertThat(err.path("message").asText()).isNotBlank().doesNotContain("Exception").doesNotContain("\tat ");
        if (param != null) assertThat(err.path("param").asText()).isEqualTo(param);
        assertThat(r.headers().firstValue("x-request-id")).isPresent();
        assertThat(r.headers().firstValue("x-tiergate-tier")).contains("none");
    }

    @Test
    void anOversizedBodyIsA413() throws Exception {
        String big = chat("auto", "a".repeat(70 * 1024));
        HttpResponse<String> r = h.post("/v1/chat/completions", big);
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(r.body()).path("error").path("code").asText()).isEqualTo("request_too_large");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"CONNECT,502,upstream_unreachable", "SERVER_ERROR,502,upstream_server_error",
            "TIMEOUT_FIRST_TOKEN,504,upstream_first_token_timeout", "TIMEOUT_TOTAL,504,upstream_timeout",
            "RATE_LIMITED,429,upstream_rate_limited", "OVERLOADED,503,overloaded", "PROTOCOL,502,upstream_protocol_error"})
    void upstreamFailuresMapToStatusesNamingTheBackend(BackendFailure.Kind kind, int status, String code) throws Exception {
        cloud.failing(kind);
        HttpResponse<String> r = h.post("/v1/chat/completions", chat("cloud", "x"));
        assertThat(r.statusCode()).isEqualTo(status);
        JsonNode err = JSON.readTree(r.body()).path("error");
        assertThat(err.path("code").asText()).isEqualTo(code);
        assertThat(err.path("message").asText()).contains("'openai'").contains("'cloud'");
        assertThat(r.headers().firstValue("x-tiergate-backend")).contains("openai");
    }

    @Test
    void unknownRoutesAreOpenAiShaped404s() throws Exception {
        HttpResponse<String> r = h.get("/v1/nothing-here");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(r.body()).path("error").path("message").asText()).contains("/v1/chat/completions");
    }

    @Test
    void listsModelsHealthAndMetrics() throws Exception {
        JsonNode models = JSON.readTree(h.get("/v1/models").body());
        assertThat(models.path("data").findValuesAsText("id")).contains("auto", "local", "local/small", "cloud/big");
        assertThat(h.get("/health").statusCode()).isEqualTo(200);
        assertThat(h.get("/ready").statusCode()).isEqualTo(200);
        h.post("/v1/chat/completions", chat("auto", "count me"));
        String metrics = h.get("/metrics").body();
        assertThat(metrics).contains("tiergate_requests_total{backend=\"engine\",model=\"small\",status=\"200\",tier=\"local\"}")
                .contains("tiergate_request_duration_seconds_bucket").contains("tiergate_input_tokens_total");
    }

    @Test
    void keysAreRequiredWhenConfigured() throws Exception {
        Authentication keys = token -> {
            if (token.isEmpty()) throw HttpErrors.unauthorized("Missing API key: send Authorization: Bearer <key>.");
            if (!token.get().equals("tg-good")) throw HttpErrors.unauthorized("Invalid API key.");
            return new Authentication.Authenticated(new Caller("k1", Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty()), Set.of("local"), "auto");
        };
        try (ServerHarness guarded = new ServerHarness(List.of(ServerHarness.tier("local", 0, local, "small"),
                ServerHarness.tier("cloud", 1, cloud, "big")), keys, 64 * 1024)) {
            assertThat(guarded.post("/v1/chat/completions", chat("auto", "x")).statusCode()).isEqualTo(401);
            assertThat(guarded.post("/v1/chat/completions", chat("auto", "x"), "authorization", "Bearer nope").statusCode()).isEqualTo(401);
            assertThat(guarded.post("/v1/chat/completions", chat("local", "x"), "authorization", "Bearer tg-good").statusCode()).isEqualTo(200);
            HttpResponse<String> forbidden = guarded.post("/v1/chat/completions", chat("cloud", "x"), "authorization", "Bearer tg-good");
            assertThat(forbidden.statusCode()).isEqualTo(403);
            assertThat(forbidden.body()).contains("may not use model 'cloud'");
        }
    }

    /**
     * A key that may ask for "auto" but reach only tier local: auto routes there (it used to route anywhere,
     * the model list and the tier list being one set), a pin to cloud and a cloud model are refused.
     */
    @Test
    void aKeysTiersHoldForAutoThePinHeaderAndExplicitModels() throws Exception {
        Authentication keys = token -> new Authentication.Authenticated(new Caller("k2", Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty()), Set.of("auto", "big", "small"), Set.of("local"), "auto");
        try (ServerHarness guarded = new ServerHarness(List.of(ServerHarness.tier("local", 0, local, "small"),
                ServerHarness.tier("cloud", 1, cloud, "big")), keys, 64 * 1024)) {
            HttpResponse<String> auto = guarded.post("/v1/chat/completions", chat("auto", "x"));
            assertThat(auto.statusCode()).isEqualTo(200);
            assertThat(auto.headers().firstValue("x-tiergate-tier")).contains("local");
            HttpResponse<String> pinned = guarded.post("/v1/chat/completions", chat("auto", "x"), "x-tiergate-tier", "cloud");
            assertThat(pinned.statusCode()).isEqualTo(403);
            assertThat(pinned.body()).contains("may not use tier 'cloud'").contains("permission_error");
            HttpResponse<String> big = guarded.post("/v1/chat/completions", chat("big", "x"));
            assertThat(big.statusCode()).isEqualTo(403);
            assertThat(big.body()).contains("may not use tier 'cloud'").contains("allowed tiers: local");
            assertThat(guarded.post("/v1/chat/completions", chat("small", "x")).statusCode()).isEqualTo(200);
        }
        // cloud as the default tier: auto embeddings of a local-only key still stay local
        try (ServerHarness cloudFirst = new ServerHarness(List.of(ServerHarness.tier("cloud", 1, cloud, "big"),
                ServerHarness.tier("local", 0, local, "small")), keys, 64 * 1024)) {
            HttpResponse<String> embedded = cloudFirst.post("/v1/embeddings", "{\"model\":\"auto\",\"input\":\"hello\"}");
            assertThat(embedded.statusCode()).as(embedded.body()).isEqualTo(200);
            assertThat(embedded.headers().firstValue("x-tiergate-tier")).contains("local");
        }
    }
}
