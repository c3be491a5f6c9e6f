package io.tiergate.engine.template;

import com.hubspot.jinjava.interpret.JinjavaInterpreter;
import com.hubspot.jinjava.lib.exptest.ExpTest;
import com.hubspot.jinjava.lib.exptest.IsIterableExpTest;
import com.hubspot.jinjava.lib.filter.Filter;

import java.util.Map;

/**
 * Filters whose Jinjava versions differ from what Hugging Face templates expect, replaced by name:
 * {@code tojson} (Python json.dumps spacing and {@code indent=}; Jinjava writes compact JSON) and
 * {@code trim} (Python's str.strip, which also removes Unicode spaces; Java's trim does not); and the
 * test {@code iterable}, true for strings in Python (Llama 3.x writes a tool result that "is iterable"
 * with {@code tojson}, so a string result is quoted).
 */
final class PythonFilters {
    private PythonFilters() {}

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
            return PythonJson.dumps(var, indent instanceof Number n ? n.intValue() : indent == null ? -1 : Integer.parseInt(indent.toString()));
        }
    }

    static final class Trim implements Filter {
        @Override
        public String getName() {
            return "trim";
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
            if (var == null) return "";
            return PythonStringMethods.strip(var.toString(), args.length > 0 ? args[0] : null, true, true);
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

    /** {@code mapping|items}: the (key, value) pairs, for {@code for k, v in d|items} (jinja2 3.1). */
    static final class Items implements Filter {
        @Override
        public String getName() {
            return "items";
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
            return var instanceof Map<?, ?> m ? new java.util.ArrayList<>(m.entrySet()) : java.util.List.of();
        }
    }

    /** For the rewritten {@code for k in mapping}: a mapping's keys (jinja2 iterates keys); anything else unchanged. */
    static final class KeysIfMapping implements Filter {
        @Override
        public String getName() {
            return "keys_if_mapping";
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
            return var instanceof Map<?, ?> m ? new java.util.ArrayList<>(m.keySet()) : var;
        }
    }

    /** {@code x|string}: Python's str(), so dicts and lists print as {'a': 1} and booleans as True. */
    static final class PyString implements Filter {
        @Override
        public String getName() {
            return "string";
        }

        @Override
        public Object filter(Object var, JinjavaInterpreter interpreter, String... args) {
            return var instanceof CharSequence s ? s.toString() : PythonRepr.repr(var);
        }
    }
}
