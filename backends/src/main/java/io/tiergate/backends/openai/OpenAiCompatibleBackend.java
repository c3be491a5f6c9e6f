package io.tiergate.backends.openai;

import io.tiergate.api.Backend;
import io.tiergate.api.BackendFailure;
import io.tiergate.api.BackendInfo;
import io.tiergate.api.BackendOutcome;
import io.tiergate.api.ChatRequest;
import io.tiergate.api.ChatStream;
import io.tiergate.api.EmbeddingOutcome;
import io.tiergate.api.EmbeddingRequest;
import io.tiergate.backends.BackendConfig;
import io.tiergate.backends.UpstreamProtocolException;
import io.tiergate.backends.http.Deadlines;
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
 * Any OpenAI-compatible server (Ollama's /v1, LM Studio, llama.cpp server, vLLM, OpenAI, Groq,
 * Together, Mistral ...), told apart only by {@link OpenAiQuirks}. Public model names are mapped to
 * the upstream's names; a streamed call always asks the upstream for usage so the ledger gets token
 * counts, but only forwards the usage chunk when the client asked for it. HTTP over
 * {@link HttpUpstream} (Helidon WebClient, chosen by measurement).
 */
public final class OpenAiCompatibleBackend implements Backend {
    private final BackendConfig config;
    private final OpenAiQuirks quirks;
    private final BackendInfo info;
    private final HttpUpstream http;
    private final HttpChatExchange exchange;
    private final URI chatUri;
    private final URI embeddingsUri;
    private final URI modelsUri;

    public OpenAiCompatibleBackend(BackendConfig config) {
        this.config = config;
        this.quirks = OpenAiQuirks.preset(config.quirks());
        this.info = new BackendInfo(config.id(), config.locality(), config.provider(), config.region(), new ArrayList<>(config.models().keySet()));
        Map<String, String> headers = new LinkedHashMap<>(quirks.extraHeaders());
        config.apiKey().ifPresent(key -> {
            switch (quirks.auth()) {
                case BEARER -> headers.put("Authorization", "Bearer " + key);
                case API_KEY_HEADER -> headers.put("api-key", key);
            }
        });
        headers.putAll(config.headers());
        this.http = new HttpUpstream(config.timeouts(), headers, config.proxies());
        this.exchange = new HttpChatExchange(config.id(), http, config.timeouts());
        this.chatUri = HttpUpstream.resolve(config.baseUrl(), "/chat/completions");
        this.embeddingsUri = HttpUpstream.resolve(config.baseUrl(), "/embeddings");
        this.modelsUri = HttpUpstream.resolve(config.baseUrl(), "/models");
    }

    @Override
    public BackendInfo info() {
        return info;
    }

    @Override
    public BackendOutcome chat(ChatRequest request, ChatStream stream) {
        ChatRequest upstream = request.withModel(config.upstreamModel(request.model()));
        if (request.stream()) upstream = upstream.withStream(true, true);
        byte[] body = OpenAiJson.writeChatRequest(upstream, quirks);
        return exchange.run(chatUri, body, request.stream(), request.includeUsage(), stream, new OpenAiEventDecoder());
    }

    @Override
    public EmbeddingOutcome embed(EmbeddingRequest request) {
        byte[] body = OpenAiJson.writeEmbeddingRequest(request.withModel(config.upstreamModel(request.model())));
        Deadlines deadlines = Deadlines.start(config.timeouts());
        boolean headersReceived = false;
        try (Http1Response response = http.post(embeddingsUri, body, false, deadlines)) {
            headersReceived = true;
            byte[] answer = ResponseBodies.read(response);
            int status = response.status();
            if (status >= 400) {
                return new EmbeddingOutcome.Failed(UpstreamFailures.fromStatus(config.id(), status,
                        response.header("retry-after"), OpenAiJson.errorMessage(answer)));
            }
            return OpenAiJson.readEmbeddingResponse(answer);
        } catch (UpstreamProtocolException e) {
            return new EmbeddingOutcome.Failed(UpstreamFailures.of(BackendFailure.Kind.PROTOCOL, config.id(), e.getMessage(), false));
        } catch (Exception e) {
            return new EmbeddingOutcome.Failed(UpstreamFailures.fromException(config.id(), e, deadlines, headersReceived, false));
        } finally {
            deadlines.finish();
        }
    }

    /** Closes the idle pooled connections to the upstream. */
    @Override
    public void close() {
        http.close();
    }

    /** GET {base}/models answers 2xx within the connect + first-token limits (capped at 5 s). */
    @Override
    public boolean probe() {
        Duration limit = config.timeouts().firstToken().compareTo(Duration.ofSeconds(5)) < 0 ? config.timeouts().firstToken() : Duration.ofSeconds(5);
        try (Http1Response response = http.get(modelsUri, limit)) {
            int status = response.status();
            ResponseBodies.read(response);
            return status >= 200 && status < 300;
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "OpenAiCompatibleBackend[" + config.id() + " " + config.baseUrl() + " quirks=" + config.quirks() + "]";
    }
}
