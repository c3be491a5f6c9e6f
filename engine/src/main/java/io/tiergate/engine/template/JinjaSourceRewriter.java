package io.tiergate.engine.template;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A small pre-pass over a Hugging Face (Python jinja2) chat template, for two syntax gaps of Jinjava:
 * <ul>
 *   <li>Python escapes in string literals ({@code '\n'}, {@code '\t'}, {@code '\u00e9'}, {@code '\x41'})
 *       are kept verbatim by Jinjava's lexer; they are decoded here into the characters themselves,
 *       which Jinjava accepts inside quotes.</li>
 *   <li>Slices with a step ({@code messages[::-1]}) do not parse; a reversing slice of a name is
 *       rewritten to {@code (messages|reverse|list)}.</li>
 *   <li>Whitespace control on expressions ({@code {{- x -}}}) is ignored by Jinjava (it honours it
 *       on {@code {%- -%}} only); the surrounding whitespace is removed here instead.</li>
 *   <li>{@code not} binds tighter than filters and comparisons in Jinjava ({@code not x|length == 1}
 *       is {@code (not x)|length == 1}); its operand is parenthesised up to the next {@code and},
 *       {@code or}, {@code if}, {@code else} or closing bracket, which is jinja2's precedence.</li>
 *   <li>{@code loop.previtem} and {@code loop.nextitem} do not exist in Jinjava; they become
 *       indexing into the enclosing loop's iterable (for loops without an {@code if} filter).</li>
 *   <li>{@code for key in mapping} yields keys in jinja2 but values in Jinjava; single-variable loops
 *       iterate {@code (iterable)|keys_if_mapping}.</li>
 *   <li>Every printed expression goes through Python's str() ({@code True}, {@code ['a', 1]}), as jinja2
 *       prints values; Jinjava would print {@code true} and {@code [a, 1]}.</li>
 *   <li>A filter in a keyword argument ({@code namespace(n=messages|length - 1)}) binds to the whole
 *       {@code n=messages} in Jinjava; keyword values of {@code namespace(...)} are parenthesised.</li>
 * </ul>
 * Comments are removed here (Jinjava mishandles {@code {#- #}}), with jinja2's whitespace rules.
 * Otherwise only the inside of {@code {{ }}} and {@code {% %}} tags is touched.
 */
final class JinjaSourceRewriter {
    private static final Pattern REVERSE_SLICE = Pattern.compile("([A-Za-z_][A-Za-z0-9_.]*)\\[\\s*:\\s*:\\s*-1\\s*]");

    private JinjaSourceRewriter() {}

    static String rewrite(String source) {
        StringBuilder out = new StringBuilder(source.length());
        java.util.ArrayDeque<String> loops = new java.util.ArrayDeque<>();
        String stripNext = "";
        int i = 0;
        while (i < source.length()) {
            int open = nextTag(source, i);
            String text = source.substring(i, open < 0 ? source.length() : open);
            if (stripNext.equals("all")) text = text.stripLeading();
            if (stripNext.equals("newline") && text.startsWith("\n")) text = text.substring(1);
            out.append(text);
            if (open < 0) break;
            char kind = source.charAt(open + 1);
            if (kind == '#') {
                i = removeComment(source, open, out);
                stripNext = source.charAt(i - 3) == '-' ? "all" : "newline";
                continue;
            }
            boolean expression = kind == '{';
            StringBuilder body = new StringBuilder();
            i = rewriteTag(source, open + 2, expression ? "}}" : "%}", body);
            String inner = body.substring(0, Math.max(0, body.length() - 2));
            stripNext = "";
            if (expression && inner.startsWith("-")) {
                out.setLength(out.toString().stripTrailing().length());
                inner = inner.substring(1);
            }
            if (expression && inner.endsWith("-")) {
                stripNext = "all";
                inner = inner.substring(0, inner.length() - 1);
            }
            if (!expression) trackLoops(inner, loops);
            String fixed = loopNeighbours(parenthesiseNot(parenthesiseNamespaceArgs(inner)), loops);
            fixed = expression ? " (" + fixed.strip() + ")|" + PythonFilters.PRINT + " " : iterateMappingKeys(fixed);
            out.append(expression ? "{{" : "{%").append(fixed).append(expression ? "}}" : "%}");
        }
        return REVERSE_SLICE.matcher(out).replaceAll(m -> Matcher.quoteReplacement("(" + m.group(1) + "|reverse|list)"));
    }

    /**
     * Drops a {@code {# #}} comment as jinja2 does with lstrip_blocks/trim_blocks: {@code {#-} removes
     * all whitespace before it, otherwise spaces and tabs alone on its line; the caller removes the
     * newline after it (or all whitespace after {@code -#}}). Returns the index after the comment.
     */
    private static int removeComment(String source, int open, StringBuilder out) {
        int end = source.indexOf("#}", open + 2);
        int after = end < 0 ? source.length() : end + 2;
        if (source.startsWith("{#-", open)) {
            out.setLength(out.toString().stripTrailing().length());
        } else {
            int k = out.length();
            while (k > 0 && (out.charAt(k - 1) == ' ' || out.charAt(k - 1) == '\t')) k--;
            if (k == 0 || out.charAt(k - 1) == '\n') out.setLength(k);
        }
        return after;
    }

    private static final Pattern FOR_TAG = Pattern.compile("^\\s*-?\\s*for\\s+[\\w\\s,]+?\\s+in\\s+(.+?)\\s*-?\\s*$", Pattern.DOTALL);
    private static final Pattern ENDFOR_TAG = Pattern.compile("^\\s*-?\\s*endfor\\b.*", Pattern.DOTALL);

    /** Keeps the stack of enclosing for-loop iterables; "" for a loop whose items cannot be indexed. */
    private static void trackLoops(String tagBody, java.util.ArrayDeque<String> loops) {
        Matcher m = FOR_TAG.matcher(tagBody);
        if (m.matches()) {
            String iterable = m.group(1);
            boolean plain = !iterable.matches(".*\\s(if|recursive)\\s.*") && !iterable.matches(".*\\s(if|recursive)$");
            loops.push(plain ? iterable : "");
        } else if (ENDFOR_TAG.matcher(tagBody).matches() && !loops.isEmpty()) {
            loops.pop();
        }
    }

    private static final Pattern SINGLE_VAR_FOR = Pattern.compile(
            "^(\\s*-?\\s*for\\s+\\w+\\s+in\\s+)(.+?)((?:\\s+if\\s+.*?)?(?:\\s+recursive)?\\s*-?\\s*)$", Pattern.DOTALL);

    /** {@code for k in mapping} iterates keys in jinja2 but values in Jinjava: the iterable goes through {@code |keys_if_mapping}. */
    private static String iterateMappingKeys(String body) {
        Matcher m = SINGLE_VAR_FOR.matcher(body);
        if (!m.matches()) return body;
        return m.group(1) + "(" + m.group(2) + ")|keys_if_mapping" + m.group(3);
    }

    /** {@code loop.previtem}/{@code loop.nextitem}, which Jinjava lacks, as indexing into the loop's iterable. */
    private static String loopNeighbours(String body, java.util.ArrayDeque<String> loops) {
        if (loops.isEmpty() || loops.peek().isEmpty() || !body.contains("loop.")) return body;
        String items = "(" + loops.peek() + ")";
        return body.replace("loop.previtem", "(" + items + "[loop.index0 - 1] if loop.index0 > 0 else none)")
                .replace("loop.nextitem", "(" + items + "[loop.index0 + 1] if not loop.last else none)");
    }

    private static final Pattern NOT_OPERATOR = Pattern.compile("(?<![\\w.])not\\s+");
    private static final Pattern OPERAND_END = Pattern.compile("\\s+(and|or|if|else)\\b|\\s*-?$");

    /** {@code not a|f == b and c} to {@code not (a|f == b) and c}; skips {@code is not} and {@code not in}. */
    static String parenthesiseNot(String body) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        Matcher m = NOT_OPERATOR.matcher(body);
        while (m.find(i)) {
            int start = m.start();
            String before = body.substring(0, start).stripTrailing();
            boolean isNot = before.endsWith(" is") || before.equals("is");
            boolean notIn = body.startsWith("in ", m.end()) || body.startsWith("in(", m.end());
            if (isNot || notIn || insideLiteral(body, start)) {
                out.append(body, i, m.end());
                i = m.end();
                continue;
            }
            int end = operandEnd(body, m.end());
            out.append(body, i, m.end()).append('(').append(body, m.end(), end).append(')');
            i = end;
        }
        out.append(body.substring(i));
        return out.toString();
    }

    private static boolean insideLiteral(String body, int at) {
        char quote = 0;
        for (int k = 0; k < at; k++) {
            char c = body.charAt(k);
            if (quote != 0) {
                if (c == '\\') k++;
                else if (c == quote) quote = 0;
            } else if (c == '\'' || c == '"') {
                quote = c;
            }
        }
        return quote != 0;
    }

    /** Where the operand of a {@code not} starting at {@code from} ends, at bracket depth 0 outside literals. */
    private static int operandEnd(String body, int from) {
        int depth = 0;
        char quote = 0;
        for (int k = from; k < body.length(); k++) {
            char c = body.charAt(k);
            if (quote != 0) {
                if (c == '\\') k++;
                else if (c == quote) quote = 0;
                continue;
            }
            if (c == '\'' || c == '"') quote = c;
            else if (c == '(' || c == '[' || c == '{') depth++;
            else if (c == ')' || c == ']' || c == '}' || c == ',') {
                if (depth == 0) return k;
                if (c != ',') depth--;
            } else if (depth == 0 && Character.isWhitespace(c)) {
                Matcher end = OPERAND_END.matcher(body).region(k, body.length());
                if (end.lookingAt()) return k;
            }
        }
        return body.length();
    }

    /** {@code namespace(a=x|f, b=y)} to {@code namespace(a=(x|f), b=(y))}, outside string literals. */
    static String parenthesiseNamespaceArgs(String body) {
        int at = body.indexOf("namespace(");
        if (at < 0) return body;
        StringBuilder out = new StringBuilder(body.substring(0, at + "namespace(".length()));
        int depth = 0;
        boolean inValue = false;
        char quote = 0;
        for (int i = at + "namespace(".length(); i < body.length(); i++) {
            char c = body.charAt(i);
            if (quote != 0) {
                out.append(c);
                if (c == '\\' && i + 1 < body.length()) out.append(body.charAt(++i));
                else if (c == quote) quote = 0;
                continue;
            }
            if (c == '\'' || c == '"') quote = c;
            if (depth == 0 && (c == ',' || c == ')')) {
                if (inValue) out.append(')');
                inValue = false;
                out.append(c);
                if (c == ')') {
                    out.append(body.substring(i + 1));
                    return out.toString();
                }
                continue;
            }
            if (c == '(' || c == '[' || c == '{') depth++;
            if (c == ')' || c == ']' || c == '}') depth--;
            out.append(c);
            if (depth == 0 && c == '=' && !inValue && body.charAt(i + 1) != '=' && body.charAt(i - 1) != '=') {
                out.append('(');
                inValue = true;
            }
        }
        return out.toString();
    }

    /** The start of the next {{, {% or {# tag. */
    private static int nextTag(String s, int from) {
        int i = from;
        while (true) {
            int brace = s.indexOf('{', i);
            if (brace < 0 || brace + 1 >= s.length()) return -1;
            char c = s.charAt(brace + 1);
            if (c == '{' || c == '%' || c == '#') return brace;
            i = brace + 1;
        }
    }

    /** Copies one tag body with its string literals decoded; returns the index after the closing delimiter. */
    private static int rewriteTag(String s, int from, String close, StringBuilder out) {
        int i = from;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '\'' || c == '"') {
                i = rewriteLiteral(s, i, out);
                continue;
            }
            if (s.startsWith(close, i)) {
                out.append(close);
                return i + close.length();
            }
            out.append(c);
            i++;
        }
        return i;
    }

    private static int rewriteLiteral(String s, int start, StringBuilder out) {
        char quote = s.charAt(start);
        StringBuilder value = new StringBuilder();
        int i = start + 1;
        while (i < s.length() && s.charAt(i) != quote) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                i = decodeEscape(s, i + 1, value);
            } else {
                value.append(c);
                i++;
            }
        }
        out.append(quote);
        for (int k = 0; k < value.length(); k++) {
            char c = value.charAt(k);
            if (c == '\\' || c == quote) out.append('\\');
            out.append(c);
        }
        out.append(quote);
        return Math.min(i + 1, s.length());
    }

    /** Decodes the escape whose letter is at {@code i}; returns the index after it. */
    private static int decodeEscape(String s, int i, StringBuilder value) {
        char e = s.charAt(i);
        switch (e) {
            case 'n' -> value.append('\n');
            case 't' -> value.append('\t');
            case 'r' -> value.append('\r');
            case '0' -> value.append('\0');
            case 'b' -> value.append('\b');
            case 'f' -> value.append('\f');
            case 'u', 'x' -> {
                int digits = e == 'u' ? 4 : 2;
                if (i + digits < s.length() && s.substring(i + 1, i + 1 + digits).matches("[0-9a-fA-F]+")) {
                    value.append((char) Integer.parseInt(s.substring(i + 1, i + 1 + digits), 16));
                    return i + 1 + digits;
                }
                value.append('\\').append(e);
            }
            case '\\', '\'', '"' -> value.append(e);
            default -> value.append('\\').append(e);
        }
        return i + 1;
    }
}
