package io.tiergate.cli.config;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.Deserializers;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;

import java.io.IOException;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Enums in configuration are written as people write them: {@code in-process}, {@code cloud-if-clean},
 * {@code route-local} — lower case with hyphens — for every enum, without annotations in the domain.
 */
final class ConfigEnums {
    private ConfigEnums() {}

    static SimpleModule module() {
        SimpleModule m = new SimpleModule("config-enums") {
            @Override
            public void setupModule(SetupContext context) {
                super.setupModule(context);
                context.addDeserializers(new Deserializers.Base() {
                    @Override
                    public JsonDeserializer<?> findEnumDeserializer(Class<?> type, DeserializationConfig config, BeanDescription desc) {
                        return new EnumDeserializer(type);
                    }
                });
            }
        };
        m.addSerializer(Enum.class, new StdSerializer<>(Enum.class) {
            @Override
            public void serialize(Enum value, JsonGenerator gen, SerializerProvider provider) throws IOException {
                gen.writeString(configName(value));
            }
        });
        return m;
    }

    static String configName(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static final class EnumDeserializer extends JsonDeserializer<Object> {
        private final Class<?> type;

        EnumDeserializer(Class<?> type) {
            this.type = type;
        }

        @Override
        public Object deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            String text = p.getValueAsString();
            Object[] constants = type.getEnumConstants();
            if (text != null) {
                String wanted = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
                for (Object c : constants) {
                    if (((Enum<?>) c).name().equals(wanted)) return c;
                }
            }
            String allowed = Arrays.stream(constants).map(c -> configName((Enum<?>) c)).collect(Collectors.joining(", "));
            throw new IllegalArgumentException("'" + text + "' is not one of: " + allowed);
        }
    }
}
