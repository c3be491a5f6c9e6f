package io.tiergate.backends.anthropic;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tiergate.api.ChatRequest;
import io.tiergate.api.ChatResponse;
import io.tiergate.backends.UpstreamProtocolException;

import java.io.IOException;
import java.io.UncheckedIOException;

/** The Anthropic Messages wire format for our records: requests out, messages in (streams: {@link AnthropicStreamDecoder}). */
public final class AnthropicJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AnthropicJson() {}

    /** A Messages API request body; {@code defaultMaxTokens} when the request sets no output cap (the API requires one). */
    public static byte[] writeRequest(ChatRequest request, int defaultMaxTokens) {
        ByteArrayBuilder out = new ByteArrayBuilder(512);
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
            AnthropicRequestWriter.write(request, defaultMaxTokens, g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A whole {@code message} answer; {@code created} is stamped by us (the API has none). */
    public static ChatResponse readResponse(byte[] body, long createdEpochSeconds) {
        return AnthropicResponseReader.read(parse(body), createdEpochSeconds);
    }

    static JsonNode parse(byte[] body) {
        try {
            JsonNode n = MAPPER.readTree(body);
            if (n == null || n.isMissingNode()) throw new UpstreamProtocolException("upstream sent an empty body");
            return n;
        } catch (JsonProcessingException e) {
            throw new UpstreamProtocolException("upstream sent malformed JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
