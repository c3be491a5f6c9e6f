package io.tiergate.backends.openai;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tiergate.api.ChatChunk;
import io.tiergate.api.ChatRequest;
import io.tiergate.api.ChatResponse;
import io.tiergate.api.EmbeddingOutcome;
import io.tiergate.api.EmbeddingRequest;
import io.tiergate.api.InvalidRequestException;
import io.tiergate.api.TiergateException;
import io.tiergate.backends.UpstreamProtocolException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * The OpenAI wire format (chat completions, chunks, embeddings, errors) to and from our records, in
 * both directions: the server reads client requests and writes responses with it, the
 * OpenAI-compatible backend writes upstream requests and reads responses with it.
 * Upstream chat answers and stream chunks are read with Jackson's streaming parser
 * ({@link OpenAiResponseReader}, {@link OpenAiChunkReader}: they run on every call), the rest with its
 * tree model (one small tree per message); writes use a streaming generator straight into a byte array.
 * One shared factory; no per-call reflection.
 * Bad client input throws {@link InvalidRequestException} naming the field ({@code param}, e.g.
 * "messages[1].role"); bad upstream output throws {@link UpstreamProtocolException}.
 */
public final class OpenAiJson {
    static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(200).build()).build());
    private static final JsonFactory FACTORY = MAPPER.getFactory();

    private OpenAiJson() {}

    /** A client's chat request, validated. */
    public static ChatRequest readChatRequest(byte[] json) {
        return OpenAiChatRequestReader.read(parseClient(json));
    }

    /** A chat request as OpenAI itself accepts it (max_completion_tokens, no local sampling fields). */
    public static byte[] writeChatRequest(ChatRequest request) {
        return writeChatRequest(request, OpenAiQuirks.OPENAI);
    }

    /** A chat request for a server with these quirks. */
    public static byte[] writeChatRequest(ChatRequest request, OpenAiQuirks quirks) {
        return write(g -> OpenAiChatRequestWriter.write(request, quirks, g), 512);
    }

    /** A whole {@code chat.completion}. */
    public static ChatResponse readChatResponse(byte[] json) {
        return OpenAiResponseReader.read(json);
    }

    public static byte[] writeChatResponse(ChatResponse response) {
        return write(g -> OpenAiChatResponseCodec.writeResponse(response, g), 512);
    }

    /** One {@code chat.completion.chunk} (the JSON after "data: "); an error event throws, with its message. */
    public static ChatChunk readChatChunk(byte[] json) {
        return new OpenAiChunkReader().read(json).orElseThrow(() -> {
            JsonNode root = parseUpstream(json);
            return new UpstreamProtocolException("upstream sent an error event: " + errorMessage(root).orElse(root.toString()));
        });
    }

    public static byte[] writeChatChunk(ChatChunk chunk) {
        return write(g -> OpenAiChatResponseCodec.writeChunk(chunk, g), 256);
    }

    /** One whole SSE event for a chunk: {@code data: {...}\n\n}. */
    public static byte[] writeChatChunkEvent(ChatChunk chunk) {
        ByteArrayBuilder out = new ByteArrayBuilder(256);
        out.write(DATA_PREFIX, 0, DATA_PREFIX.length);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            OpenAiChatResponseCodec.writeChunk(chunk, g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.write('\n');
        out.write('\n');
        return out.toByteArray();
    }

    private static final byte[] DATA_PREFIX = {'d', 'a', 't', 'a', ':', ' '};

    public static EmbeddingRequest readEmbeddingRequest(byte[] json) {
        return OpenAiEmbeddingCodec.readRequest(parseClient(json));
    }

    public static byte[] writeEmbeddingRequest(EmbeddingRequest request) {
        return write(g -> OpenAiEmbeddingCodec.writeRequest(request, g), 256);
    }

    public static EmbeddingOutcome.Completed readEmbeddingResponse(byte[] json) {
        return OpenAiEmbeddingCodec.readResponse(parseUpstream(json));
    }

    /** {@code base64}: true when the client asked for encoding_format "base64". */
    public static byte[] writeEmbeddingResponse(EmbeddingOutcome.Completed response, boolean base64) {
        return write(g -> OpenAiEmbeddingCodec.writeResponse(response, base64, g), 1024);
    }

    /** OpenAI's error shape: {@code {"error": {"message", "type", "param", "code"}}}. */
    public static byte[] writeError(TiergateException e) {
        return write(g -> {
            g.writeStartObject();
            g.writeObjectFieldStart("error");
            g.writeStringField("message", e.getMessage());
            g.writeStringField("type", e.type());
            if (e.param().isPresent()) g.writeStringField("param", e.param().get());
            else g.writeNullField("param");
            if (e.code().isPresent()) g.writeStringField("code", e.code().get());
            else g.writeNullField("code");
            g.writeEndObject();
            g.writeEndObject();
        }, 256);
    }

    /** The human message of an upstream error body, in OpenAI's shape or the common variants. */
    public static Optional<String> errorMessage(byte[] body) {
        try {
            return errorMessage(MAPPER.readTree(body));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    static Optional<String> errorMessage(JsonNode root) {
        if (root == null) return Optional.empty();
        JsonNode error = root.path("error");
        if (error.isTextual()) return Optional.of(error.textValue());
        if (error.path("message").isTextual()) return Optional.of(error.path("message").textValue());
        if (root.path("message").isTextual()) return Optional.of(root.path("message").textValue());
        if (root.path("detail").isTextual()) return Optional.of(root.path("detail").textValue());
        return Optional.empty();
    }

    static JsonNode parseClient(byte[] json) {
        try {
            JsonNode n = MAPPER.readTree(json);
            if (n == null || n.isMissingNode()) throw new InvalidRequestException("The request body is empty; expected a JSON object.", null, "invalid_json");
            return n;
        } catch (JsonProcessingException e) {
            throw new InvalidRequestException("We could not parse the JSON body of your request: " + e.getOriginalMessage(),
                    null, "invalid_json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode parseUpstream(byte[] json) {
        try {
            JsonNode n = MAPPER.readTree(json);
            if (n == null || n.isMissingNode()) throw new UpstreamProtocolException("upstream sent an empty body");
            return n;
        } catch (JsonProcessingException e) {
            throw new UpstreamProtocolException("upstream sent malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FunctionalInterface
    interface GeneratorWork {
        void write(JsonGenerator g) throws IOException;
    }

    static byte[] write(GeneratorWork work, int sizeHint) {
        ByteArrayBuilder out = new ByteArrayBuilder(sizeHint);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            work.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
