package io.tiergate.backends;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import io.tiergate.api.Locality;

import java.io.IOException;

/** Binds a locality from its configuration spelling (in-process, lan, cloud), so YAML reads naturally. */
public final class LocalityJson extends JsonDeserializer<Locality> {
    @Override
    public Locality deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        return Locality.fromConfig(p.getValueAsString());
    }
}
