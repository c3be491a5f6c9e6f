package io.tiergate.policy.detect;

/** Character-class tests shared by the hand-written detectors (ASCII only, on purpose: fast and predictable). */
final class TextBoundaries {
    private TextBoundaries() {}

    static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    static boolean isHexDigit(char c) {
        return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    static boolean isWordChar(char c) {
        return isAsciiLetter(c) || isDigit(c) || c == '_' || Character.isLetterOrDigit(c);
    }

    /** The char before {@code index}, or a space at the start of the text. */
    static char before(String text, int index) {
        return index > 0 ? text.charAt(index - 1) : ' ';
    }

    /** The char at {@code index}, or a space past the end of the text. */
    static char at(String text, int index) {
        return index < text.length() ? text.charAt(index) : ' ';
    }

    /**
     * Whether one of {@code lowerCaseWords} ends within {@code window} chars before {@code index},
     * separated from it by no digits and at most {@code maxFillerWords} words (e.g. "SSN: ",
     * "phone number is ").
     */
    static boolean precededByKeyword(String text, int index, int window, int maxFillerWords, String... lowerCaseWords) {
        int from = Math.max(0, index - window);
        String before = text.substring(from, index).toLowerCase(java.util.Locale.ROOT);
        for (String word : lowerCaseWords) {
            int at = before.lastIndexOf(word);
            if (at < 0 || (at > 0 && isAsciiLetter(before.charAt(at - 1)))) continue;
            if (fillerOnly(before, at + word.length(), maxFillerWords)) return true;
        }
        return false;
    }

    /** True when {@code s} from {@code from} holds no digits and at most {@code maxWords} letter runs. */
    private static boolean fillerOnly(String s, int from, int maxWords) {
        int words = 0;
        boolean inWord = false;
        for (int i = from; i < s.length(); i++) {
            char c = s.charAt(i);
            if (isDigit(c)) return false;
            boolean letter = isAsciiLetter(c);
            if (letter && !inWord) words++;
            inWord = letter;
        }
        return words <= maxWords;
    }

    /**
     * The next position at or after {@code from} where a number-shaped token can start: a digit, or
     * '+' / '(' followed by a digit, not preceded by a letter, digit or '_'; -1 when none. Number
     * detectors try their patterns only there, instead of at every char of the text.
     */
    static int nextNumberStart(String text, int from) {
        int n = text.length();
        for (int i = Math.max(from, 0); i < n; i++) {
            char c = text.charAt(i);
            boolean starts = isDigit(c) || ((c == '+' || c == '(') && i + 1 < n && isDigit(text.charAt(i + 1)));
            if (starts && (i == 0 || !isWordChar(text.charAt(i - 1)))) return i;
        }
        return -1;
    }

    /**
     * Whether {@code m}'s pattern matches starting exactly at {@code at}; lookbehinds still see the
     * text before {@code at} (transparent bounds).
     */
    static boolean matchesAt(java.util.regex.Matcher m, String text, int at) {
        m.region(at, text.length());
        return m.lookingAt();
    }

    /** A matcher over {@code text} for {@link #matchesAt}: transparent, non-anchoring bounds. */
    static java.util.regex.Matcher matcher(java.util.regex.Pattern p, String text) {
        return p.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
    }

    /**
     * The number-shaped run starting at {@code at}: digits joined by single {@code separators} that
     * are followed by a digit (parentheses are skipped). Returns {@code (end << 32) | digits}, see
     * {@link #runEnd} and {@link #runDigits}. A cheap test that lets detectors skip the many short
     * numbers of ordinary text ("14 projects", "10:30") before trying a regex.
     */
    static long numberRun(String text, int at, String separators) {
        int n = text.length();
        int digits = 0;
        int i = at;
        while (i < n) {
            char c = text.charAt(i);
            if (isDigit(c)) {
                digits++;
                i++;
            } else if (c == '(' || c == ')' || c == '+') {
                i++;
            } else if (separators.indexOf(c) >= 0 && i + 1 < n && (isDigit(text.charAt(i + 1)) || text.charAt(i + 1) == '(')) {
                i++;
            } else {
                break;
            }
        }
        return ((long) i << 32) | digits;
    }

    static int runEnd(long run) {
        return (int) (run >>> 32);
    }

    static int runDigits(long run) {
        return (int) run;
    }
}
