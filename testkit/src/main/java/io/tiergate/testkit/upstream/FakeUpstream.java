package io.tiergate.testkit.upstream;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What every fake upstream shares: a real HTTP server on a loopback port, a FIFO of programmed
 * behaviours for the next model calls (then the default behaviour), the requests it received, and
 * counters tests assert on. Behaviours apply to model calls (chat, messages, embeddings), not to the
 * model list, so background health probes do not consume them.
 */
public abstract class FakeUpstream implements AutoCloseable {
    protected static final Map<String, String> JSON = Map.of("Content-Type", "application/json");
    protected static final Map<String, String> SSE = Map.of("Content-Type", "text/event-stream", "Cache-Control", "no-cache");

    private final LoopbackHttpServer server;
    private final ConcurrentLinkedQueue<UpstreamBehavior> next = new ConcurrentLinkedQueue<>();
    private volatile UpstreamBehavior fallback = UpstreamBehavior.normal();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger clientAborts = new AtomicInteger();
    private final AtomicInteger completedStreams = new AtomicInteger();
    private volatile int modelsStatus = 200;

    protected FakeUpstream() {
        server = new LoopbackHttpServer(this::dispatch);
    }

    /** The base URL a backend is configured with (for OpenAI-style servers it ends in /v1). */
    public abstract URI baseUri();

    protected URI serverUri() {
        return server.uri();
    }

    protected abstract void handle(RecordedRequest request, UpstreamBehavior behavior, HttpResponseWriter response)
            throws IOException, InterruptedException;

    /** The next model call behaves so (queued in order); after the queue empties, the default applies. */
    public FakeUpstream enqueue(UpstreamBehavior... behaviors) {
        next.addAll(List.of(behaviors));
        return this;
    }

    /** How every model call behaves once the queue is empty. */
    public FakeUpstream setDefault(UpstreamBehavior behavior) {
        fallback = behavior;
        return this;
    }

    /** Status the model list (health probe) answers with; 200 by default. */
    public FakeUpstream setModelsStatus(int status) {
        modelsStatus = status;
        return this;
    }

    protected int modelsStatus() {
        return modelsStatus;
    }

    public List<RecordedRequest> requests() {
        return new ArrayList<>(requests);
    }

    /** Requests to model endpoints only (no health probes). */
    public List<RecordedRequest> modelCalls() {
        return requests.stream().filter(r -> r.method().equals("POST")).toList();
    }

    public RecordedRequest lastModelCall() {
        List<RecordedRequest> calls = modelCalls();
        if (calls.isEmpty()) throw new IllegalStateException("the fake upstream received no model call");
        return calls.getLast();
    }

    public int connectionCount() {
        return server.connectionCount();
    }

    /** Streams the client abandoned before their end (a write failed). */
    public int clientAborts() {
        return clientAborts.get();
    }

    public int completedStreams() {
        return completedStreams.get();
    }

    private void dispatch(RecordedRequest request, HttpResponseWriter response) throws IOException, InterruptedException {
        requests.add(request);
        UpstreamBehavior behavior = UpstreamBehavior.normal();
        if (request.method().equals("POST")) {
            UpstreamBehavior queued = next.poll();
            behavior = queued != null ? queued : fallback;
        }
        if (behavior.delay().isPositive()) Thread.sleep(behavior.delay());
        if (behavior.failStatus().isPresent()) {
            Map<String, String> headers = new java.util.LinkedHashMap<>(JSON);
            behavior.retryAfter().ifPresent(v -> headers.put("Retry-After", v));
            String body = behavior.failBody().isEmpty() ? errorBody(behavior.failStatus().get()) : behavior.failBody();
            response.respond(behavior.failStatus().get(), headers, body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return;
        }
        if (behavior.malformed()) {
            response.respond(200, JSON, "{\"id\": \"x\", \"choices\": [ oops".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            return;
        }
        handle(request, behavior, response);
    }

    /** The dialect's error body for a status. */
    protected abstract String errorBody(int status);

    /**
     * Streams {@code events} (each a complete SSE frame, "data: ...\n\n") under {@code behavior}:
     * pacing, dropping or stalling after some events, and the closing frame unless told to omit it.
     */
    protected void stream(HttpResponseWriter response, UpstreamBehavior behavior, List<String> events, String closing)
            throws IOException, InterruptedException {
        response.startChunked(200, SSE);
        try {
            for (int i = 0; i < events.size(); i++) {
                if (i == behavior.dropAfterChunks()) {
                    response.drop();
                    return;
                }
                if (i == behavior.stallAfterChunks()) {
                    response.stall();
                    return;
                }
                if (i > 0 && behavior.pace().isPositive()) Thread.sleep(behavior.pace());
                response.chunk(events.get(i));
            }
            if (!behavior.omitDone()) response.chunk(closing);
            response.finish();
            completedStreams.incrementAndGet();
        } catch (IOException e) {
            clientAborts.incrementAndGet();
            throw e;
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
