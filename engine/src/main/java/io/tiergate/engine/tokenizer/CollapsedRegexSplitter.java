package io.tiergate.engine.tokenizer;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A pre-tokenizer regex run the way llama.cpp's general path runs it ({@code unicode_regex_split}):
 * when the regex uses Unicode categories, every non-ASCII code point of the text is first replaced by
 * one stand-in character per category (letters U+00D2, numbers U+00D1, punctuation U+00D3, marks
 * U+00D4, symbols U+00D5, whitespace U+000B, anything else U+00D0) and each {@code \p{..}} in the
 * regex by a class of its stand-in plus its ASCII members. Without categories, only non-ASCII
 * whitespace is replaced (by U+000B). ECMAScript and java.util.regex agree on the constructs these
 * regexes use; the one difference, {@code $} also matching before a final newline in Java, is
 * removed by rewriting a trailing {@code $} to {@code \z}.
 */
final class CollapsedRegexSplitter implements WordSplitter {
    private static final Map<String, String> CATEGORY_CLASS = Map.ofEntries(
            Map.entry("\\p{N}", "\u00D10-9"),
            Map.entry("\\p{L}", "\u00D2A-Za-z"),
            Map.entry("\\p{P}", "\u00D3!-#%-*,-/:-;?-@\\[-\\]_\\{\\}"),
            Map.entry("\\p{M}", "\u00D4"),
            Map.entry("\\p{S}", "\u00D5\\$\\+<->\\^`\\|~"),
            Map.entry("\\p{Lu}", "\u00D2A-Za-z"),
            Map.entry("\\p{Ll}", "\u00D2A-Za-z"),
            Map.entry("\\p{Lt}", "\u00D2A-Za-z"),
            Map.entry("\\p{Lm}", "\u00D2A-Za-z"),
            Map.entry("\\p{Lo}", "\u00D2A-Za-z"));

    private final Pattern pattern;
    private final boolean collapsed;

    CollapsedRegexSplitter(String regex) {
        this.collapsed = CATEGORY_CLASS.keySet().stream().anyMatch(regex::contains);
        String javaRegex = collapsed ? collapseRegex(regex) : regex;
        if (javaRegex.endsWith("$") && !javaRegex.endsWith("\\$")) {
            javaRegex = javaRegex.substring(0, javaRegex.length() - 1) + "\\z";
        }
        this.pattern = Pattern.compile(javaRegex);
    }

    @Override
    public IntList split(int[] cps, IntList pieces) {
        // the text the regex runs on, and where each code point starts in it (UTF-16 units)
        StringBuilder sb = new StringBuilder(cps.length + 8);
        int[] charStart = new int[cps.length + 1];
        for (int i = 0; i < cps.length; i++) {
            charStart[i] = sb.length();
            sb.appendCodePoint(collapsed ? collapse(cps[i]) : whitespaceOnly(cps[i]));
        }
        charStart[cps.length] = sb.length();
        String text = sb.toString();
        Matcher m = pattern.matcher(text);
        IntList out = new IntList(pieces.size() * 4);
        int start = 0;
        for (int p = 0; p < pieces.size(); p++) {
            int end = start + pieces.get(p);
            m.region(charStart[start], charStart[end]);
            int prev = charStart[start];
            while (m.find()) {
                if (m.start() > prev) out.add(text.codePointCount(prev, m.start()));
                int len = text.codePointCount(m.start(), m.end());
                if (len > 0) out.add(len);
                prev = m.end();
            }
            if (prev < charStart[end]) out.add(text.codePointCount(prev, charStart[end]));
            start = end;
        }
        return out;
    }

    private static int collapse(int cp) {
        if (cp < 128) return cp;
        if (CodepointFlags.isWhitespace(cp)) return 0x0B;
        return switch (CodepointFlags.category(cp)) {
            case CodepointFlags.NUMBER -> 0xD1;
            case CodepointFlags.LETTER -> 0xD2;
            case CodepointFlags.PUNCTUATION -> 0xD3;
            case CodepointFlags.ACCENT_MARK -> 0xD4;
            case CodepointFlags.SYMBOL -> 0xD5;
            default -> 0xD0;
        };
    }

    private static int whitespaceOnly(int cp) {
        return cp > 0x7F && CodepointFlags.isWhitespace(cp) ? 0x0B : cp;
    }

    /** llama.cpp's rewriting of {@code \p{..}} into stand-in classes, tracking whether we are inside []. */
    private static String collapseRegex(String regex) {
        StringBuilder out = new StringBuilder();
        boolean inside = false;
        for (int i = 0; i < regex.length(); i++) {
            char ch = regex.charAt(i);
            if (ch == '[' && (i == 0 || regex.charAt(i - 1) != '\\')) {
                out.append('[');
                inside = true;
                continue;
            }
            if (inside && ch == ']' && regex.charAt(i - 1) != '\\') {
                out.append(']');
                inside = false;
                continue;
            }
            if (ch == '\\' && i + 3 < regex.length() && regex.charAt(i + 1) == 'p' && regex.charAt(i + 2) == '{') {
                int close = regex.indexOf('}', i + 3);
                if (close >= 0 && close <= i + 10) {
                    String cls = CATEGORY_CLASS.get(regex.substring(i, close + 1));
                    if (cls != null) {
                        out.append(inside ? cls : "[" + cls + "]");
                        i = close;
                        continue;
                    }
                }
            }
            out.append(ch);
        }
        return out.toString();
    }
}
