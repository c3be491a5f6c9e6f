package io.tiergate.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.tiergate.api.TiergateException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/** OpenAI's error shape: {@code {"error": {"message", "type", "param", "code"}}}, the one place errors become JSON. */
public final class ErrorBodies {
    private static final JsonFactory JSON = new JsonFactory();

    private ErrorBodies() {}

    public static byte[] of(TiergateException e) {
        return of(e.getMessage(), e.type(), e.param(), e.code());
    }

    public static byte[] of(String message, String type, Optional<String> param, Optional<String> code) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeObjectFieldStart("error");
            g.writeStringField("message", message);
            g.writeStringField("type", type);
            g.writeFieldName("param");
            if (param.isPresent()) g.writeString(param.get()); else g.writeNull();
            g.writeFieldName("code");
            if (code.isPresent()) g.writeString(code.get()); else g.writeNull();
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
