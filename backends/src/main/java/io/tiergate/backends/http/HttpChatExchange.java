package io.tiergate.backends.http;

import io.tiergate.api.BackendFailure;
import io.tiergate.api.BackendOutcome;
import io.tiergate.api.ChatChoice;
import io.tiergate.api.ChatChunk;
import io.tiergate.api.ChatResponse;
import io.tiergate.api.ChatStream;
import io.tiergate.api.Role;
import io.tiergate.api.ToolCall;
import io.tiergate.backends.BackendTimeouts;
import io.tiergate.backends.ChatChunkAssembler;
import io.tiergate.backends.UpstreamProtocolException;
import io.tiergate.backends.http.wire.Http1Response;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs one chat call over HTTP for any dialect: sends the body, maps error statuses, and either
 * decodes the whole answer or streams: each decoded chunk goes to the client's {@link ChatStream}
 * the moment its event is parsed (nothing is buffered), while an assembler builds the final
 * response. A client that stops accepting chunks makes us close the response, which closes the
 * upstream connection. Every expected failure comes back as a value.
 */
public final class HttpChatExchange {
    private final String backendId;
    private final HttpUpstream http;
    private final BackendTimeouts timeouts;

    public HttpChatExchange(String backendId, HttpUpstream http, BackendTimeouts timeouts) {
        this.backendId = backendId;
        this.http = http;
        this.timeouts = timeouts;
    }

    /**
     * @param forwardUsage whether usage may reach the client; when false, usage-only chunks are kept
     *                     back (the assembled response still carries the usage)
     */
    public BackendOutcome run(URI uri, byte[] body, boolean stream, boolean forwardUsage, ChatStream sink, ChatEventDecoder decoder) {
        Deadlines deadlines = Deadlines.start(timeouts);
        Http1Response response;
        try {
            response = http.post(uri, body, stream, deadlines);
        } catch (IOException | RuntimeException e) {
            deadlines.finish();
            return failed(UpstreamFailures.fromException(backendId, e, deadlines, false, false));
        }
        boolean started = false;
        try (response) {
            int status = response.status();
            if (status >= 400) {
                byte[] error = ResponseBodies.read(response);
                Optional<String> retryAfter = response.header("retry-after");
                return failed(UpstreamFailures.fromStatus(backendId, status, retryAfter, decoder.errorMessage(error)));
            }
            if (!stream) {
                byte[] whole = ResponseBodies.read(response);
                deadlines.firstToken();
                return new BackendOutcome.Completed(decoder.decodeWhole(whole), Duration.ofNanos(deadlines.timeToFirstTokenNanos()));
            }
            String contentType = response.header("content-type").orElse("");
            if (!contentType.contains("event-stream")) return wholeAnswerToAStreamRequest(response, decoder, sink, deadlines);
            ChatChunkAssembler assembler = new ChatChunkAssembler();
            // Chunks decoded from bytes already received are held and leave together; they are
            // flushed before any read that may wait on the upstream.
            response.beforeSocketRead(sink::flush);
            InputStream in = response.body();
            SseReader events = new SseReader(in);
            boolean done = false;
            Optional<SseReader.Event> event;
            while (!done && (event = events.next()).isPresent()) {
                switch (decoder.decode(event.get())) {
                    case ChatEventDecoder.Step.Done d -> done = true;
                    case ChatEventDecoder.Step.Skip s -> deadlines.progress();
                    case ChatEventDecoder.Step.Fail f -> {
                        return failed(UpstreamFailures.of(f.kind(), backendId,
                                "backend '" + backendId + "' reported an error mid-stream: " + f.message(), started));
                    }
                    case ChatEventDecoder.Step.Emit e -> {
                        for (ChatChunk chunk : e.chunks()) {
                            if (!started) deadlines.firstToken();
                            else deadlines.progress();
                            assembler.add(chunk);
                            Optional<ChatChunk> outgoing = forwardUsage || chunk.usage().isEmpty() ? Optional.of(chunk) : withoutUsage(chunk);
                            if (outgoing.isEmpty()) continue;
                            started = true;
                            if (!sink.onChunk(outgoing.get(), true)) {
                                return failed(UpstreamFailures.of(BackendFailure.Kind.CANCELLED, backendId,
                                        "the client went away; the call to backend '" + backendId + "' was cancelled", true));
                            }
                        }
                    }
                }
            }
            if (!done) {
                Optional<BackendFailure.Kind> tripped = deadlines.tripped();
                if (tripped.isPresent()) return failed(UpstreamFailures.timeout(backendId, tripped.get(), deadlines, started));
                return failed(UpstreamFailures.of(BackendFailure.Kind.STREAM_BROKEN, backendId,
                        "backend '" + backendId + "' ended its stream without the closing event", started));
            }
            drain(in);
            return new BackendOutcome.Completed(assembler.response(), Duration.ofNanos(deadlines.timeToFirstTokenNanos()));
        } catch (UpstreamProtocolException e) {
            BackendFailure.Kind kind = deadlines.tripped().orElse(BackendFailure.Kind.PROTOCOL);
            return failed(UpstreamFailures.of(kind, backendId, "backend '" + backendId + "': " + e.getMessage(), started));
        } catch (IOException | RuntimeException e) {
            return failed(UpstreamFailures.fromException(backendId, e, deadlines, true, started));
        } finally {
            deadlines.finish();
        }
    }

    /**
     * A server that answers a stream request with one JSON body (some ignore "stream", some report
     * errors so): an error body is a protocol failure carrying its message; a completion is passed on
     * as one chunk per choice, so the client still gets a well-formed stream.
     */
    private BackendOutcome wholeAnswerToAStreamRequest(Http1Response response, ChatEventDecoder decoder, ChatStream sink,
                                                       Deadlines deadlines) throws IOException {
        byte[] body = ResponseBodies.read(response);
        deadlines.firstToken();
        Optional<String> error = decoder.errorMessage(body);
        if (error.isPresent()) {
            return failed(UpstreamFailures.of(BackendFailure.Kind.PROTOCOL, backendId,
                    "backend '" + backendId + "' answered a stream request with an error body: " + error.get(), false));
        }
        ChatResponse whole = decoder.decodeWhole(body);
        for (ChatChoice c : whole.choices()) {
            List<ChatChunk.ToolCallDelta> calls = new ArrayList<>();
            for (int i = 0; i < c.message().toolCalls().size(); i++) {
                ToolCall t = c.message().toolCalls().get(i);
                calls.add(new ChatChunk.ToolCallDelta(i, Optional.of(t.id()), Optional.of(t.name()), t.argumentsJson()));
            }
            Optional<String> text = c.message().content().isEmpty() ? Optional.empty() : Optional.of(c.message().text());
            ChatChunk.Delta delta = new ChatChunk.Delta(c.index(), Optional.of(Role.ASSISTANT), text, Optional.empty(), calls,
                    Optional.of(c.finishReason()), c.logprobs());
            if (!sink.onChunk(new ChatChunk(whole.id(), whole.model(), whole.createdEpochSeconds(), List.of(delta), Optional.empty()))) {
                return failed(UpstreamFailures.of(BackendFailure.Kind.CANCELLED, backendId, "the client went away", true));
            }
        }
        return new BackendOutcome.Completed(whole, Duration.ofNanos(deadlines.timeToFirstTokenNanos()));
    }

    /**
     * Reads what follows the closing event (the chunked terminator, at most a little more) so the
     * connection counts as fully read and goes back to the pool instead of being closed.
     */
    private static void drain(InputStream in) throws IOException {
        byte[] skip = new byte[512];
        int budget = 64 * 1024;
        int n;
        while (budget > 0 && (n = in.read(skip)) > 0) budget -= n;
    }

    private static Optional<ChatChunk> withoutUsage(ChatChunk c) {
        if (c.choices().isEmpty()) return Optional.empty();
        return Optional.of(new ChatChunk(c.id(), c.model(), c.createdEpochSeconds(), c.choices(), Optional.empty()));
    }

    private static BackendOutcome failed(BackendFailure f) {
        return new BackendOutcome.Failed(f);
    }
}
