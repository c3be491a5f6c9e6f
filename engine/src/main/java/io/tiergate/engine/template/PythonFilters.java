package io.tiergate.engine.template;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.exptest.ExpTest;
import com.hubspot.jinjava.lib.exptest.IsIterableExpTest;
import com.hubspot.jinjava.lib.filter.Filter;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Filters and tests whose Jinjava versions differ from what Hugging Face templates expect, replaced
 * by name:
 * <ul>
 *   <li>{@code tojson}: Python json.dumps spacing, {@code indent=}, {@code separators=}, {@code sort_keys=}
 *       (Jinjava writes compact JSON);</li>
 *   <li>{@code trim}: Python's str.strip, which also removes Unicode spaces (Java's trim does not);</li>
 *   <li>{@code string}: Python's str(), so dicts print as {@code {'a': 1}};</li>
 *   <li>{@code items}: (key, value) pairs of a mapping (jinja2 3.1), missing in Jinjava;</li>
 *   <li>{@code tiergate_print}: ours, Python's str() of every printed expression, except that undefined
 *       (null in Jinjava, which cannot tell it from None) prints as nothing;</li>
 *   <li>{@code keys_if_mapping}: ours, for the rewritten {@code for k in mapping} (see {@link JinjaSourceRewriter});</li>
 *   <li>test {@code iterable}: true for strings, as in Python (Llama 3.x writes a tool result that
 *       "is iterable" with tojson, so a string result is quoted).</li>
 * </ul>
 */
final class PythonFilters {
    private PythonFilters() {}

    /** The filter every printed expression goes through (see {@link JinjaSourceRewriter}). */
    static final String PRINT = "tiergate_print";

    static List<Filter> filters() {
        return List.of(new ToJson(),
                new Simple("trim", v -> v == null ? "" : PythonStringMethods.strip(v.toString(), null, true, true)),
                new Simple("string", v -> v instanceof CharSequence s ? s.toString() : PythonRepr.repr(v)),
                new Simple("items", v -> v instanceof Map<?, ?> m ? new ArrayList<>(m.entrySet()) : List.of()),
                new Simple(PRINT, v -> v == null ? "" : v instanceof CharSequence s ? s.toString() : PythonRepr.repr(v)),
                new Simple("keys_if_mapping", v -> v instanceof Map<?, ?> m ? new ArrayList<>(m.keySet()) : v));
    }

    /** A filter of its input alone. */
    private record Simple(String name, Function<Object, Object> fn) implements Filter {
        @Override
        public String getName() {
            return name;
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
            return fn.apply(var);
        }
    }

    static final class ToJson implements Filter {
        @Override
        public String getName() {
            return "tojson";
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
            return PythonJson.dumps(var, args.length > 0 ? Integer.parseInt(args[0]) : -1);
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, Object[] args, Map<String, Object> kwargs) {
            Object indent = kwargs.getOrDefault("indent", args.length > 0 ? args[0] : null);
            int spaces = indent instanceof Number n ? n.intValue() : indent == null ? -1 : Integer.parseInt(indent.toString());
            String items = null, keys = null;
            if (kwargs.get("separators") instanceof List<?> seps && seps.size() == 2) {
                items = String.valueOf(seps.get(0));
                keys = String.valueOf(seps.get(1));
            }
            boolean sortKeys = Boolean.TRUE.equals(kwargs.get("sort_keys"));
            return PythonJson.dumps(var, new PythonJson.Options(spaces, items, keys, sortKeys));
        }
    }

    static final class Iterable implements ExpTest {
        private final IsIterableExpTest jinjava = new IsIterableExpTest();

        @Override
        public String getName() {
            return "iterable";
        }

        @Override
        public boolean evaluate(Object var, JinjavaInterpreter interpreter, Object... args) {
            return var instanceof CharSequence || jinjava.evaluate(var, interpreter, args);
        }
    }
}
