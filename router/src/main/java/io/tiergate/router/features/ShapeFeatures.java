package io.tiergate.router.features;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hand-made features of a request's shape, chosen to transfer across benchmarks: how long it is, whether
 * it holds code, maths and numbers, whether it asks for several steps or states constraints, how deep the
 * conversation is, tools, a response schema and the language. A line count was tried and dropped: it
 * told MMLU-Pro's one-option-per-line layout from chat rather than anything about difficulty. Counts are log-scaled ({@code ln(1 + n)})
 * so one huge prompt cannot dominate. Pure functions over text, thread-safe.
 */
public final class ShapeFeatures {
    /** Names in vector order; a router file records them and refuses a mismatch. */
    public static final List<String> NAMES = List.of(
            "length", "question_length", "numeric_choices", "code", "math", "numbers", "multi_step", "constraints", "questions",
            "conversation_depth", "system_prompt", "tools", "json_schema", "non_english", "non_text_parts");

    private static final Pattern CHOICE = Pattern.compile("^\\s*\\(?[A-Ja-j][.)]\\s+(.*)$", Pattern.MULTILINE);
    private static final Pattern NUMERIC_START = Pattern.compile("\\s*[-−+$€£(]?\\s*\\d");
    /** Cues are read from the first 16 K characters (≈ 4,000 tokens): an enormous prompt costs bounded time. */
    private static final int MAX_SCANNED_CHARS = 16_384;

    private ShapeFeatures() {}

    /** One value per {@link #NAMES} entry. */
    public static double[] extract(RequestText text) {
        String all = text.allText().length() > MAX_SCANNED_CHARS ? text.allText().substring(0, MAX_SCANNED_CHARS) : text.allText();
        String lower = all.toLowerCase(Locale.ROOT);
        double tokens = text.allText().length() / 4.0;
        List<String> words = ShapeCues.words(all);
        List<String> lowerWords = ShapeCues.words(lower);
        return new double[] {
                Math.log1p(tokens),
                Math.log1p(questionChars(all) / 4.0),
                numericChoiceShare(all),
                Math.log1p(ShapeCues.code(all, words)),
                Math.log1p(ShapeCues.math(lower, lowerWords)),
                Math.log1p(ShapeCues.numbers(all)),
                Math.log1p(ShapeCues.multiStep(lowerWords)),
                Math.log1p(ShapeCues.constraints(lowerWords)),
                Math.log1p(questionMarks(all)),
                Math.log1p(Math.max(0, text.userTurns() - 1) + text.assistantTurns()),
                text.systemPrompt() ? 1 : 0,
                Math.log1p(text.tools()),
                text.responseSchema() ? 1 : 0,
                nonEnglishShare(all),
                Math.log1p(text.nonTextParts()),
        };
    }

    /**
     * Characters before the first enumerated answer choice ("A." / "(B)" / "c)" at a line start): how much
     * is asked, apart from the options. The whole text when there are no choices.
     */
    static int questionChars(String s) {
        Matcher m = CHOICE.matcher(s);
        return m.find() ? m.start() : s.length();
    }

    /** Share of enumerated answer choices that are numbers or amounts (a calculation to do), 0 without choices. */
    static double numericChoiceShare(String s) {
        Matcher m = CHOICE.matcher(s);
        int choices = 0;
        int numeric = 0;
        while (m.find()) {
            choices++;
            if (NUMERIC_START.matcher(m.group(1)).lookingAt()) numeric++;
        }
        return choices == 0 ? 0 : numeric / (double) choices;
    }

    /** Share of letters outside basic Latin (0 for English, near 1 for Chinese or Russian). */
    static double nonEnglishShare(String s) {
        int letters = 0;
        int foreign = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isLetter(c)) {
                letters++;
                if (c > 0x7F) foreign++;
            }
        }
        return letters == 0 ? 0 : foreign / (double) letters;
    }

    private static int questionMarks(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) if (s.charAt(i) == '?' || s.charAt(i) == '？') n++;
        return n;
    }
}
