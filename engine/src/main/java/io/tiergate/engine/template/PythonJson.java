package io.tiergate.engine.template;

import java.math.BigDecimal;
import java.util.Map;

/**
 * JSON text exactly as Python's {@code json.dumps(value, ensure_ascii=False, indent=indent)} writes
 * it, which is what Hugging Face's {@code tojson} filter produces: {@code ", "} and {@code ": "}
 * separators on one line, or {@code ","} and newlines with {@code indent} spaces; keys in insertion
 * order; only quote, backslash and control characters escaped.
 */
final class PythonJson {
    private PythonJson() {}

    /** Python's separators and sort_keys; {@code itemSeparator}/{@code keySeparator} null for the defaults. */
    record Options(int indent, String itemSeparator, String keySeparator, boolean sortKeys) {
        String items() {
            return itemSeparator != null ? itemSeparator : indent >= 0 ? "," : ", ";
        }

        String keys() {
            return keySeparator != null ? keySeparator : ": ";
        }
    }

    static String dumps(Object value, int indent) {
        return dumps(value, new Options(indent, null, null, false));
    }

    static String dumps(Object value, Options options) {
        StringBuilder out = new StringBuilder();
        write(value, options, 0, out);
        return out.toString();
    }

    private static void write(Object v, Options o, int depth, StringBuilder out) {
        switch (v) {
            case null -> out.append("null");
            case Boolean b -> out.append(b ? "true" : "false");
            case Double d -> out.append(pythonFloat(d));
            case Float f -> out.append(pythonFloat(f.doubleValue()));
            case BigDecimal d -> out.append(d.stripTrailingZeros().scale() <= 0 && d.scale() <= 0 ? d.toPlainString() : pythonFloat(d.doubleValue()));
            case Number n -> out.append(n.toString());
            case CharSequence s -> string(s.toString(), out);
            case Map<?, ?> m -> container(o.sortKeys() ? sorted(m) : m.entrySet(), '{', '}', o, depth, out, true);
            case Iterable<?> it -> container(it, '[', ']', o, depth, out, false);
            case Object[] arr -> container(java.util.Arrays.asList(arr), '[', ']', o, depth, out, false);
            default -> string(v.toString(), out);
        }
    }

    private static Iterable<? extends Map.Entry<?, ?>> sorted(Map<?, ?> m) {
        return m.entrySet().stream().sorted(java.util.Comparator.comparing(e -> String.valueOf(e.getKey()))).toList();
    }

    private static void container(Iterable<?> items, char open, char close, Options o, int depth, StringBuilder out,
                                  boolean entries) {
        int indent = o.indent();
        out.append(open);
        boolean first = true;
        for (Object item : items) {
            if (!first) out.append(o.items());
            if (indent >= 0) out.append('\n').append(" ".repeat(indent * (depth + 1)));
            if (entries) {
                Map.Entry<?, ?> e = (Map.Entry<?, ?>) item;
                string(String.valueOf(e.getKey()), out);
                out.append(o.keys());
                write(e.getValue(), o, depth + 1, out);
            } else {
                write(item, o, depth + 1, out);
            }
            first = false;
        }
        if (!first && indent >= 0) out.append('\n').append(" ".repeat(indent * depth));
        out.append(close);
    }

    /** Python's repr of a float: integral values keep ".0"; otherwise the shortest round-trip digits. */
    private static String pythonFloat(double d) {
        if (Double.isNaN(d)) return "NaN";
        if (Double.isInfinite(d)) return d > 0 ? "Infinity" : "-Infinity";
        if (d == Math.rint(d) && Math.abs(d) < 1e16) return String.valueOf((long) d) + ".0";
        return Double.toString(d).replace("E", "e");
    }

    private static void string(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
