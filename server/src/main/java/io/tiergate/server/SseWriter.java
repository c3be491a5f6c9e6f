package io.tiergate.server;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerResponse;
import io.tiergate.api.ChatChunk;
import io.tiergate.api.TiergateException;
import io.tiergate.backends.openai.OpenAiJson;
import io.tiergate.gateway.GatewayStream;
import io.tiergate.gateway.RouteInfo;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Writes a chat stream as server-sent events, each chunk sent the moment it arrives: flushed at
 * once, or, when the backend holds it ({@code hold}), with the other chunks that arrived in the same
 * upstream read, at the latest before the backend waits on its upstream again. Headers go
 * out with the first chunk, so errors before it are still plain JSON answers with their own status.
 * Usage-only chunks are dropped unless the client asked for {@code stream_options.include_usage}.
 * Returns false to the backend once the client has gone, so the upstream call is cancelled.
 */
final class SseWriter implements GatewayStream {
    private static final byte[] DATA = "data: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] END = "\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DONE = "data: [DONE]\n\n".getBytes(StandardCharsets.US_ASCII);

    private final ServerResponse res;
    private final boolean includeUsage;
    private OutputStream out;
    private boolean clientGone;

    SseWriter(ServerResponse res, boolean includeUsage) {
        this.res = res;
        this.includeUsage = includeUsage;
    }

    boolean started() {
        return out != null;
    }

    @Override
    public boolean onChunk(RouteInfo route, ChatChunk chunk) {
        return onChunk(route, chunk, false);
    }

    @Override
    public boolean onChunk(RouteInfo route, ChatChunk chunk, boolean hold) {
        if (clientGone) return false;
        ChatChunk toSend = chunk;
        if (!includeUsage && chunk.usage().isPresent()) {
            if (chunk.choices().isEmpty()) return true;
            toSend = new ChatChunk(chunk.id(), chunk.model(), chunk.createdEpochSeconds(), chunk.choices(), Optional.empty());
        }
        try {
            if (out == null) begin(route);
            out.write(OpenAiJson.writeChatChunkEvent(toSend));
            if (!hold) out.flush();
            return true;
        } catch (IOException | java.io.UncheckedIOException e) {
            clientGone = true;
            return false;
        }
    }

    @Override
    public void flush() {
        if (out == null || clientGone) return;
        try {
            out.flush();
        } catch (IOException | java.io.UncheckedIOException e) {
            clientGone = true;
        }
    }

    private void begin(RouteInfo route) {
        res.status(200);
        res.header(HeaderNames.CONTENT_TYPE, "text/event-stream");
        res.header(HeaderNames.CACHE_CONTROL, "no-cache");
        res.header(HeaderNames.create("x-accel-buffering"), "no");
        Exchanges.routeHeaders(res, route);
        out = res.outputStream();
    }

    void done() {
        finish(DONE);
    }

    /** Ends a begun stream with an error event (OpenAI's shape), so the client sees why it stopped. */
    void fail(TiergateException e) {
        byte[] body = OpenAiJson.writeError(e);
        byte[] event = new byte[DATA.length + body.length + END.length];
        System.arraycopy(DATA, 0, event, 0, DATA.length);
        System.arraycopy(body, 0, event, DATA.length, body.length);
        System.arraycopy(END, 0, event, DATA.length + body.length, END.length);
        finish(event);
    }

    private void finish(byte[] last) {
        if (out == null) return;
        try (OutputStream o = out) {
            if (!clientGone) o.write(last);
        } catch (IOException | java.io.UncheckedIOException ignored) {
            // the client left; nothing more to tell it
        }
    }
}
