package io.tiergate.backends.anthropic;

import io.tiergate.api.Backend;
import io.tiergate.api.BackendFailure;
import io.tiergate.api.BackendInfo;
import io.tiergate.api.BackendOutcome;
import io.tiergate.api.ChatRequest;
import io.tiergate.api.ChatStream;
import io.tiergate.api.InvalidRequestException;
import io.tiergate.backends.BackendConfig;
import io.tiergate.backends.http.HttpChatExchange;
import io.tiergate.backends.http.HttpUpstream;
import io.tiergate.backends.http.ResponseBodies;
import io.tiergate.backends.http.UpstreamFailures;
import io.tiergate.backends.http.wire.Http1Response;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Anthropic's Messages API ({@code POST /v1/messages}, {@code x-api-key}, {@code anthropic-version})
 * behind our records; see {@link AnthropicRequestWriter} and {@link AnthropicStreamDecoder} for the
 * mapping. Streams always carry usage (Anthropic sends it unasked); it reaches the client only when
 * the client asked. No embeddings (the API has none).
 */
public final class AnthropicBackend implements Backend {
    /** The API version header we speak. */
    public static final String API_VERSION = "2023-06-01";
    /** Output cap when the request sets none; the API requires max_tokens. */
    public static final int DEFAULT_MAX_TOKENS = 4096;

    private final BackendConfig config;
    private final BackendInfo info;
    private final HttpUpstream http;
    private final HttpChatExchange exchange;
    private final URI messagesUri;
    private final URI modelsUri;

    public AnthropicBackend(BackendConfig config) {
        this.config = config;
        this.info = new BackendInfo(config.id(), config.locality(), config.provider(), config.region(), new ArrayList<>(config.models().keySet()));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("anthropic-version", API_VERSION);
        config.apiKey().ifPresent(key -> headers.put("x-api-key", key));
        headers.putAll(config.headers());
        this.http = new HttpUpstream(config.timeouts(), headers, config.proxies());
        this.exchange = new HttpChatExchange(config.id(), http, config.timeouts());
        URI base = config.baseUrl();
        String b = base.toString().replaceAll("/+$", "");
        URI v1 = URI.create(b.endsWith("/v1") ? b : b + "/v1");
        this.messagesUri = HttpUpstream.resolve(v1, "/messages");
        this.modelsUri = HttpUpstream.resolve(v1, "/models");
    }

    @Override
    public BackendInfo info() {
        return info;
    }

    @Override
    public BackendOutcome chat(ChatRequest request, ChatStream stream) {
        byte[] body;
        try {
            body = AnthropicJson.writeRequest(request.withModel(config.upstreamModel(request.model())), DEFAULT_MAX_TOKENS);
        } catch (InvalidRequestException e) {
            return new BackendOutcome.Failed(UpstreamFailures.of(BackendFailure.Kind.CLIENT_ERROR, config.id(), e.getMessage(), false));
        }
        long created = System.currentTimeMillis() / 1000;
        return exchange.run(messagesUri, body, request.stream(), request.includeUsage(), stream, new AnthropicStreamDecoder(created));
    }

    /** Closes the idle pooled connections to the upstream. */
    @Override
    public void close() {
        http.close();
    }

    /** GET /v1/models answers 2xx (which also checks the key). */
    @Override
    public boolean probe() {
        try (Http1Response response = http.get(modelsUri, Duration.ofSeconds(5))) {
            ResponseBodies.read(response);
            return response.status() / 100 == 2;
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "AnthropicBackend[" + config.id() + " " + config.baseUrl() + "]";
    }
}
