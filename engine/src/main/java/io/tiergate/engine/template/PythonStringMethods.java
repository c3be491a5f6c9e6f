package io.tiergate.engine.template;

import jinjava.javax.el.ELContext;
import jinjava.javax.el.ELResolver;

import java.beans.FeatureDescriptor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * Python's {@code str} methods that chat templates call ({@code content.startswith('<tool_response>')},
 * {@code content.split('</think>')[-1].lstrip('\n')}, {@code role.upper()}, {@code '<{}>'.format(x)} ...), which Jinjava would
 * look up as Java methods of {@link String} and fail. Resolves only method calls on strings whose name
 * is a Python method listed here; everything else falls through to Jinjava's own resolvers.
 */
final class PythonStringMethods extends ELResolver {

    @Override
    public Object invoke(ELContext context, Object base, Object method, Class<?>[] paramTypes, Object[] params) {
        if (!(base instanceof String s) || !(method instanceof String name)) return null;
        Object[] p = params == null ? new Object[0] : params;
        Object result = switch (name) {
            case "startswith" -> p.length == 1 ? anyMatch(p[0], s::startsWith) : null;
            case "endswith" -> p.length == 1 ? anyMatch(p[0], s::endsWith) : null;
            case "strip" -> strip(s, chars(p), true, true);
            case "lstrip" -> strip(s, chars(p), true, false);
            case "rstrip" -> strip(s, chars(p), false, true);
            case "split" -> split(s, p);
            case "upper" -> s.toUpperCase(Locale.ROOT);
            case "lower" -> s.toLowerCase(Locale.ROOT);
            case "title" -> title(s);
            case "capitalize" -> s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1).toLowerCase(Locale.ROOT);
            case "replace" -> p.length >= 2 ? s.replace(String.valueOf(p[0]), String.valueOf(p[1])) : null;
            case "find" -> p.length == 1 ? s.indexOf(String.valueOf(p[0])) : null;
            case "count" -> p.length == 1 ? count(s, String.valueOf(p[0])) : null;
            case "join" -> p.length == 1 && p[0] instanceof Iterable<?> it ? join(s, it) : null;
            case "format" -> format(s, p);
            default -> null;
        };
        if (result != null) context.setPropertyResolved(true);
        return result;
    }

    private static Boolean anyMatch(Object arg, java.util.function.Predicate<String> test) {
        if (arg instanceof Iterable<?> options) {
            for (Object o : options) if (test.test(String.valueOf(o))) return true;
            return false;
        }
        return test.test(String.valueOf(arg));
    }

    /** The characters to strip, or null for Python's default (whitespace). */
    private static String chars(Object[] p) {
        return p.length >= 1 && p[0] != null ? String.valueOf(p[0]) : null;
    }

    static String strip(String s, String chars, boolean left, boolean right) {
        int from = 0, to = s.length();
        while (left && from < to && stripped(s.charAt(from), chars)) from++;
        while (right && to > from && stripped(s.charAt(to - 1), chars)) to--;
        return s.substring(from, to);
    }

    private static boolean stripped(char c, String chars) {
        return chars == null ? Character.isWhitespace(c) || Character.isSpaceChar(c) : chars.indexOf(c) >= 0;
    }

    /** Python split: with a separator, literal and keeping empty parts; without, on whitespace runs. */
    private static List<String> split(String s, Object[] p) {
        String sep = p.length >= 1 && p[0] != null ? String.valueOf(p[0]) : null;
        int max = p.length >= 2 && p[1] instanceof Number n ? n.intValue() : -1;
        List<String> out = new ArrayList<>();
        if (sep == null) {
            for (String part : s.strip().split("\\s+", max < 0 ? 0 : max + 1)) if (!part.isEmpty()) out.add(part);
            return out;
        }
        int from = 0;
        while (max < 0 || out.size() < max) {
            int at = s.indexOf(sep, from);
            if (at < 0 || sep.isEmpty()) break;
            out.add(s.substring(from, at));
            from = at + sep.length();
        }
        out.add(s.substring(from));
        return out;
    }

    private static String title(String s) {
        StringBuilder b = new StringBuilder(s.length());
        boolean start = true;
        for (char c : s.toCharArray()) {
            b.append(start ? Character.toUpperCase(c) : Character.toLowerCase(c));
            start = !Character.isLetter(c);
        }
        return b.toString();
    }

    /** Python str.format with positional fields only: {} in order, or {0}, {1}. */
    private static String format(String s, Object[] args) {
        StringBuilder out = new StringBuilder();
        int next = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '{' && i + 1 < s.length() && s.charAt(i + 1) == '{') {
                out.append('{');
                i++;
            } else if (c == '}' && i + 1 < s.length() && s.charAt(i + 1) == '}') {
                out.append('}');
                i++;
            } else if (c == '{') {
                int close = s.indexOf('}', i);
                if (close < 0) return null;
                String field = s.substring(i + 1, close);
                int index = field.isEmpty() ? next++ : field.matches("\\d+") ? Integer.parseInt(field) : -1;
                if (index < 0 || index >= args.length) return null;
                out.append(PythonRepr.repr(args[index]));
                i = close;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static int count(String s, String sub) {
        if (sub.isEmpty()) return s.length() + 1;
        int n = 0;
        for (int at = s.indexOf(sub); at >= 0; at = s.indexOf(sub, at + sub.length())) n++;
        return n;
    }

    private static String join(String sep, Iterable<?> items) {
        StringBuilder b = new StringBuilder();
        boolean first = true;
        for (Object o : items) {
            if (!first) b.append(sep);
            b.append(o);
            first = false;
        }
        return b.toString();
    }

    @Override
    public Object getValue(ELContext context, Object base, Object property) {
        return null;
    }

    @Override
    public Class<?> getType(ELContext context, Object base, Object property) {
        return null;
    }

    @Override
    public void setValue(ELContext context, Object base, Object property, Object value) {}

    @Override
    public boolean isReadOnly(ELContext context, Object base, Object property) {
        return true;
    }

    @Override
    public Iterator<FeatureDescriptor> getFeatureDescriptors(ELContext context, Object base) {
        return null;
    }

    @Override
    public Class<?> getCommonPropertyType(ELContext context, Object base) {
        return null;
    }
}
