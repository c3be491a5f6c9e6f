package io.tiergate.backends.openai;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.tiergate.api.EmbeddingOutcome;
import io.tiergate.api.EmbeddingRequest;
import io.tiergate.api.InvalidRequestException;
import io.tiergate.api.Usage;
import io.tiergate.backends.UpstreamProtocolException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.tiergate.backends.openai.JsonChecks.absent;

/** OpenAI {@code /v1/embeddings} requests and responses in both directions. */
final class OpenAiEmbeddingCodec {
    private static final Set<String> KNOWN = Set.of("model", "input", "dimensions", "user");

    private OpenAiEmbeddingCodec() {}

    static EmbeddingRequest readRequest(JsonNode root) {
        if (!root.isObject()) throw new InvalidRequestException("The request body must be a JSON object.", null, "invalid_json");
        String model = JsonChecks.requiredString(root, "model", "model");
        JsonNode in = root.get("input");
        List<String> input = new ArrayList<>();
        if (absent(in)) {
            throw new InvalidRequestException("Missing required parameter: 'input'.", "input", "missing_required_parameter");
        } else if (in.isTextual()) {
            input.add(in.textValue());
        } else if (in.isArray() && !in.isEmpty()) {
            for (int i = 0; i < in.size(); i++) {
                if (!in.get(i).isTextual()) throw JsonChecks.invalid("input[" + i + "]", "must be a string");
                input.add(in.get(i).textValue());
            }
        } else {
            throw JsonChecks.invalid("input", "must be a string or a non-empty array of strings");
        }
        Map<String, String> passthrough = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            if (!KNOWN.contains(e.getKey())) passthrough.put(e.getKey(), e.getValue().toString());
        }
        return new EmbeddingRequest(model, input, JsonChecks.integer(root, "dimensions", 1, 65_536),
                JsonChecks.string(root, "user", "user"), passthrough);
    }

    /** Writes the request for an upstream; always asks for floats (the response is parsed as floats). */
    static void writeRequest(EmbeddingRequest r, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("model", r.model());
        g.writeArrayFieldStart("input");
        for (String s : r.input()) g.writeString(s);
        g.writeEndArray();
        if (r.dimensions().isPresent()) g.writeNumberField("dimensions", r.dimensions().getAsInt());
        if (r.user().isPresent()) g.writeStringField("user", r.user().get());
        for (Map.Entry<String, String> e : r.passthroughJson().entrySet()) {
            if (e.getKey().equals("encoding_format")) continue;
            g.writeFieldName(e.getKey());
            g.writeRawValue(e.getValue());
        }
        g.writeEndObject();
    }

    static EmbeddingOutcome.Completed readResponse(JsonNode root) {
        if (!root.isObject() || !root.path("data").isArray()) throw new UpstreamProtocolException("embeddings answer without a 'data' array");
        JsonNode data = root.get("data");
        float[][] vectors = new float[data.size()][];
        for (int i = 0; i < data.size(); i++) {
            JsonNode item = data.get(i);
            int index = item.path("index").asInt(i);
            JsonNode e = item.path("embedding");
            if (index < 0 || index >= vectors.length || !e.isArray()) throw new UpstreamProtocolException("bad embedding item " + i);
            float[] v = new float[e.size()];
            for (int k = 0; k < v.length; k++) v[k] = (float) e.get(k).asDouble();
            vectors[index] = v;
        }
        JsonNode u = root.path("usage");
        Usage usage = new Usage(u.path("prompt_tokens").asLong(0), 0, 0, 0);
        return new EmbeddingOutcome.Completed(root.path("model").asText(""), List.of(vectors), usage);
    }

    /** {@code base64}: vectors as base64 of little-endian float32, as OpenAI's encoding_format=base64. */
    static void writeResponse(EmbeddingOutcome.Completed c, boolean base64, JsonGenerator g) throws IOException {
        g.writeStartObject();
        g.writeStringField("object", "list");
        g.writeArrayFieldStart("data");
        for (int i = 0; i < c.vectors().size(); i++) {
            float[] v = c.vectors().get(i);
            g.writeStartObject();
            g.writeStringField("object", "embedding");
            g.writeNumberField("index", i);
            if (base64) {
                ByteBuffer buf = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                for (float f : v) buf.putFloat(f);
                g.writeStringField("embedding", Base64.getEncoder().encodeToString(buf.array()));
            } else {
                g.writeArrayFieldStart("embedding");
                for (float f : v) g.writeNumber(f);
                g.writeEndArray();
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeStringField("model", c.model());
        g.writeObjectFieldStart("usage");
        g.writeNumberField("prompt_tokens", c.usage().promptTokens());
        g.writeNumberField("total_tokens", c.usage().promptTokens());
        g.writeEndObject();
        g.writeEndObject();
    }
}
