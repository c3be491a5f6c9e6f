package io.tiergate.server;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.tiergate.api.ChatChunk;
import io.tiergate.api.ChatRequest;
import io.tiergate.api.ChatResponse;
import io.tiergate.api.ClientPresence;
import io.tiergate.api.TiergateException;
import io.tiergate.backends.openai.OpenAiJson;
import io.tiergate.gateway.ChatResult;
import io.tiergate.gateway.Gateway;
import io.tiergate.gateway.RequestOptions;
import io.tiergate.gateway.UpstreamException;
import io.tiergate.gateway.audit.NoticeRecorder;

import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/** {@code POST /v1/chat/completions}: OpenAI JSON in, the gateway, JSON or SSE out. */
final class ChatHandler implements Handler {
    private static final Logger LOG = Logger.getLogger(ChatHandler.class.getName());
    static final io.helidon.http.HeaderName PIN_TIER = io.helidon.http.HeaderNames.create("x-tiergate-tier");
    static final io.helidon.http.HeaderName MAX_TIER = io.helidon.http.HeaderNames.create("x-tiergate-max-tier");

    private final Gateway gateway;
    private final Authentication auth;
    private final long maxBodyBytes;
    private final ClientDisconnectWatcher watcher;

    ChatHandler(Gateway gateway, Authentication auth, long maxBodyBytes, ClientDisconnectWatcher watcher) {
        this.gateway = gateway;
        this.auth = auth;
        this.maxBodyBytes = maxBodyBytes;
        this.watcher = watcher;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        String requestId = Exchanges.requestId(req);
        res.header(Exchanges.REQUEST_ID, requestId);
        SseWriter sse = null;
        try {
            Authentication.Authenticated who = auth.authenticate(Exchanges.bearer(req));
            ChatRequest request = OpenAiJson.readChatRequest(Exchanges.body(req, maxBodyBytes));
            if (request.model().isEmpty() || request.model().equals("default")) request = request.withModel(who.defaultModel());
            Exchanges.checkAllowed(gateway, who, request.model());
            RequestOptions options = new RequestOptions(requestId, req.headers().first(PIN_TIER), req.headers().first(MAX_TIER),
                    who.allowedTiers());
            if (request.stream()) {
                sse = new SseWriter(res, request.includeUsage());
                ChatResult result = chat(res, request, who, options, sse, ClientPresence.PRESENT);
                if (!sse.started()) sse.onChunk(result.route(), asOneChunk(result.response()));
                sse.done();
            } else {
                ChatResult result;
                // closed before anything is sent (a resource closes before a catch block runs)
                try (ClientDisconnectWatcher.Watch watch = watcher.watch(req)) {
                    result = chat(res, request, who, options, (route, chunk) -> true, watch);
                }
                Exchanges.routeHeaders(res, result.route());
                res.header(HeaderNames.CONTENT_TYPE, Exchanges.JSON);
                res.send(OpenAiJson.writeChatResponse(result.response()));
            }
        } catch (TiergateException e) {
            answer(res, sse, e);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "request " + requestId + " failed unexpectedly", e);
            answer(res, sse, HttpErrors.internal(requestId));
        }
    }

    /** Runs the call with the admission's headers (x-ratelimit-*) and the backend's notices (x-tiergate-max-tokens-clamped) going onto this response. */
    private ChatResult chat(ServerResponse res, ChatRequest request, Authentication.Authenticated who, RequestOptions options,
                            io.tiergate.gateway.GatewayStream stream, ClientPresence presence) {
        java.util.function.Consumer<java.util.Map<String, String>> headers = h -> h.forEach(res::header);
        return ScopedValue.where(io.tiergate.gateway.Admission.RESPONSE_HEADERS, headers)
                .where(ClientPresence.CURRENT, presence)
                .where(io.tiergate.api.BackendNotice.LISTENER, NoticeRecorder.forwardingTo(notice -> Exchanges.noticeHeader(res, notice)))
                .call(() -> gateway.chat(request, who.caller(), options, stream));
    }

    private static void answer(ServerResponse res, SseWriter sse, TiergateException e) {
        if (sse != null && sse.started()) {
            sse.fail(e);
        } else {
            if (e instanceof UpstreamException u) {
                res.header(Exchanges.TIER, u.tier());
                res.header(Exchanges.BACKEND, u.failure().backendId());
                res.header(Exchanges.REASON, Exchanges.headerSafe(u.getMessage()));
            } else {
                Exchanges.noRouteHeaders(res, e.code().orElse(e.type()));
            }
            try {
                Exchanges.sendError(res, e);
            } catch (java.io.UncheckedIOException gone) {
                LOG.log(Level.FINE, "the client left before its error answer", gone); // e.g. a cancelled unstreamed request
            }
        }
    }

    private static List<ChatChunk.ToolCallDelta> toolCallDeltas(List<io.tiergate.api.ToolCall> calls) {
        List<ChatChunk.ToolCallDelta> out = new java.util.ArrayList<>();
        for (int i = 0; i < calls.size(); i++) {
            var c = calls.get(i);
            out.add(new ChatChunk.ToolCallDelta(i, Optional.of(c.id()), Optional.of(c.name()), c.argumentsJson()));
        }
        return out;
    }

    /** A backend that answered a streamed request in one piece: send it as one chunk. */
    private static ChatChunk asOneChunk(ChatResponse r) {
        List<ChatChunk.Delta> deltas = r.choices().stream().map(c -> new ChatChunk.Delta(c.index(),
                Optional.of(c.message().role()), Optional.of(c.message().text()), Optional.empty(),
                toolCallDeltas(c.message().toolCalls()), Optional.of(c.finishReason()), c.logprobs())).toList();
        return new ChatChunk(r.id(), r.model(), r.createdEpochSeconds(), deltas, Optional.of(r.usage()));
    }
}
