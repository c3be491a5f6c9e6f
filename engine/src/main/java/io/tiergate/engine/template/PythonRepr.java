package io.tiergate.engine.template;

import java.util.Map;

/** Python's {@code str()} of template values: {'k': 'v'}, ['a', 1], True, None. */
final class PythonRepr {
    private PythonRepr() {}

    static String repr(Object v) {
        StringBuilder out = new StringBuilder();
        write(v, true, out);
        return out.toString();
    }

    private static void write(Object v, boolean top, StringBuilder out) {
        switch (v) {
            case null -> out.append("None");
            case Boolean b -> out.append(b ? "True" : "False");
            case CharSequence s -> {
                if (top) out.append(s);
                else quote(s.toString(), out);
            }
            case Map<?, ?> m -> {
                out.append('{');
                boolean first = true;
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (!first) out.append(", ");
                    write(e.getKey(), false, out);
                    out.append(": ");
                    write(e.getValue(), false, out);
                    first = false;
                }
                out.append('}');
            }
            case Iterable<?> it -> {
                out.append('[');
                boolean first = true;
                for (Object o : it) {
                    if (!first) out.append(", ");
                    write(o, false, out);
                    first = false;
                }
                out.append(']');
            }
            case Double d -> out.append(d == Math.rint(d) && Math.abs(d) < 1e16 ? (long) d.doubleValue() + ".0" : d.toString());
            default -> out.append(v);
        }
    }

    /** Python's repr quoting: single quotes unless the text has a single quote and no double quote. */
    private static void quote(String s, StringBuilder out) {
        char q = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        out.append(q);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c == q) out.append('\\');
                    out.append(c);
                }
            }
        }
        out.append(q);
    }
}
