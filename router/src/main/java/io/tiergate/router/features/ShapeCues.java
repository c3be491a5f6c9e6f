package io.tiergate.router.features;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Counts of code, maths, multi-step and constraint cues by one scan over words and characters. It replaced
 * word-alternation regexes that tried every alternative at every position (1.3 ms for 4,000 characters,
 * a quarter of the 5 ms decision budget); word-set lookups cost tens of microseconds. Words are maximal
 * runs of letters, digits and apostrophes ("trade-off" is two words, "don't" one). Pure, thread-safe.
 */
final class ShapeCues {
    private static final Set<String> CODE_WORDS = Set.of("def", "class", "import", "return", "function", "const", "let", "var",
            "public", "static", "void", "SELECT", "FROM", "WHERE", "println", "printf", "lambda", "async", "await");
    private static final Set<String> MATH_WORDS = Set.of("solve", "equation", "integral", "derivative", "probability", "calculate",
            "compute", "percent", "ratio", "average", "mean", "variance", "formula", "theorem", "prove", "matrix", "vector",
            "function", "polynomial");
    private static final Set<String> MATH_PAIRS = Set.of("how many", "how much", "sum of", "product of", "expected value");
    private static final Set<String> LATEX = Set.of("frac", "sqrt", "sum", "int", "cdot", "times", "pi", "alpha", "beta", "theta",
            "lambda", "mu", "sigma", "infty", "le", "ge");
    private static final Set<String> STEP_WORDS = Set.of("steps", "justify", "derive", "prove", "analyze", "analyse", "compare",
            "contrast", "evaluate", "design", "plan", "reason", "tradeoff", "tradeoffs", "implication", "implications", "why");
    private static final Set<String> STEP_PAIRS = Set.of("explain why", "explain how", "trade off", "trade offs", "in detail");
    private static final Set<String> STEP_TRIPLES = Set.of("step by step", "pros and cons", "walk me through");
    private static final Set<String> CONSTRAINT_WORDS = Set.of("must", "should", "exactly", "without", "only", "don't", "never",
            "always", "format", "word", "words", "sentence", "sentences", "paragraph", "paragraphs", "bullet", "json", "table",
            "limit", "within", "ensure", "requirement", "requirements");
    private static final Set<String> CONSTRAINT_PAIRS = Set.of("at least", "at most", "fewer than", "do not");
    private static final String MATH_SYMBOLS = "=<>≤≥±√∑∫π∞";
    private static final String OPERATORS = "-+*/^=<>";
    private static final Phrases MATH = Phrases.of(MATH_WORDS, MATH_PAIRS, Set.of());
    private static final Phrases STEPS = Phrases.of(STEP_WORDS, STEP_PAIRS, STEP_TRIPLES);
    private static final Phrases CONSTRAINTS = Phrases.of(CONSTRAINT_WORDS, CONSTRAINT_PAIRS, Set.of("no more than"));
    /** "first … then" counts when "then" follows within this many words (the regex allowed 80 characters). */
    private static final int FIRST_THEN_WORDS = 15;

    private ShapeCues() {}

    /** Words of {@code s} in order, case kept. */
    static List<String> words(String s) {
        List<String> out = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= s.length(); i++) {
            boolean inWord = i < s.length() && (Character.isLetterOrDigit(s.charAt(i)) || (s.charAt(i) == '\'' && start >= 0));
            if (inWord && start < 0) start = i;
            else if (!inWord && start >= 0) {
                int end = s.charAt(i - 1) == '\'' ? i - 1 : i;
                out.add(s.substring(start, end));
                start = -1;
            }
        }
        return out;
    }

    /** Keywords (case-sensitive: "FROM" in SQL, not "From" in prose), fences, arrows, "::", "()", tags, lines ending in { } ;. */
    static int code(String s, List<String> words) {
        int n = 0;
        for (String w : words) if (CODE_WORDS.contains(w)) n++;
        for (int at = s.indexOf("#include"); at >= 0; at = s.indexOf("#include", at + 1)) n++;
        for (int i = 0; i + 1 < s.length(); i++) {
            char c = s.charAt(i);
            char d = s.charAt(i + 1);
            if ((c == '=' || c == '-') && d == '>' || c == ':' && d == ':' || c == '(' && d == ')') n++;
            else if (c == '`' && d == '`' && i + 2 < s.length() && s.charAt(i + 2) == '`') { n++; i += 2; }
            else if (c == '<' && (Character.isLowerCase(d) || d == '/')) n += tag(s, i) ? 1 : 0;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '{' || c == '}' || c == ';') {
                int j = i + 1;
                while (j < s.length() && (s.charAt(j) == ' ' || s.charAt(j) == '\t')) j++;
                if (j == s.length() || s.charAt(j) == '\n' || s.charAt(j) == '\r') n++;
            }
        }
        return n;
    }

    private static boolean tag(String s, int at) {
        int j = at + 1;
        if (j < s.length() && s.charAt(j) == '/') j++;
        int letters = 0;
        while (j < s.length() && s.charAt(j) >= 'a' && s.charAt(j) <= 'z') { j++; letters++; }
        return letters > 0 && j < s.length() && s.charAt(j) == '>';
    }

    /** Maths words and phrases, LaTeX commands, maths symbols and digit-operator-digit. {@code lower} is lower-case. */
    static int math(String lower, List<String> lowerWords) {
        int n = MATH.count(lowerWords);
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            if (MATH_SYMBOLS.indexOf(c) >= 0) n++;
            if (c == '\\') {
                int j = i + 1;
                while (j < lower.length() && Character.isLetter(lower.charAt(j))) j++;
                if (LATEX.contains(lower.substring(i + 1, j))) n++;
            }
            if (Character.isDigit(c)) {
                int j = i + 1;
                while (j < lower.length() && lower.charAt(j) == ' ') j++;
                if (j < lower.length() && OPERATORS.indexOf(lower.charAt(j)) >= 0) {
                    int k = j + 1;
                    while (k < lower.length() && lower.charAt(k) == ' ') k++;
                    if (k < lower.length() && Character.isDigit(lower.charAt(k))) n++;
                }
            }
        }
        return n;
    }

    /** Numbers: digit runs (with inner "." or "," groups) not glued to a preceding letter or underscore. */
    static int numbers(String s) {
        int n = 0;
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isDigit(c)) {
                char before = i == 0 ? ' ' : s.charAt(i - 1);
                if (!Character.isLetter(before) && before != '_') n++;
                i++;
                while (i < s.length() && (Character.isDigit(s.charAt(i))
                        || (s.charAt(i) == '.' || s.charAt(i) == ',') && i + 1 < s.length() && Character.isDigit(s.charAt(i + 1)))) i++;
                // a letter-glued run ("x2", "a1b2") is skipped whole
                while (i < s.length() && Character.isLetterOrDigit(s.charAt(i))) i++;
            } else {
                i++;
            }
        }
        return n;
    }

    /** "step by step", "explain why", "compare", "first … then" and the like. */
    static int multiStep(List<String> lowerWords) {
        int n = STEPS.count(lowerWords);
        for (int i = 0; i < lowerWords.size(); i++) {
            if (!lowerWords.get(i).equals("first")) continue;
            for (int j = i + 1; j < Math.min(lowerWords.size(), i + 1 + FIRST_THEN_WORDS); j++) {
                if (lowerWords.get(j).equals("then")) { n++; break; }
            }
        }
        return n;
    }

    /** "exactly", "at most", "no more than", "json", "bullet" and the like. */
    static int constraints(List<String> lowerWords) {
        return CONSTRAINTS.count(lowerWords);
    }

    /**
     * Single words, pairs and triples to count, with the first words of the pairs and triples ({@code starts},
     * derived once here). A pair or triple is only joined into a string when its first word starts one: joining
     * every pair and triple allocated ~200 KB per 4,000-character request (most of a decision's garbage, and so of
     * its young-GC pauses).
     */
    private record Phrases(Set<String> words, Set<String> pairs, Set<String> triples, Set<String> starts) {
        static Phrases of(Set<String> words, Set<String> pairs, Set<String> triples) {
            Set<String> starts = new HashSet<>();
            for (Set<String> phrases : List.of(pairs, triples)) for (String p : phrases) starts.add(p.substring(0, p.indexOf(' ')));
            return new Phrases(words, pairs, triples, Set.copyOf(starts));
        }

        int count(List<String> lowerWords) {
            int n = 0;
            for (int i = 0; i < lowerWords.size(); i++) {
                String w = lowerWords.get(i);
                if (words.contains(w)) n++;
                if (!starts.contains(w)) continue;
                if (i + 1 < lowerWords.size() && pairs.contains(w + " " + lowerWords.get(i + 1))) n++;
                if (i + 2 < lowerWords.size() && triples.contains(w + " " + lowerWords.get(i + 1) + " " + lowerWords.get(i + 2))) n++;
            }
            return n;
        }
    }
}
