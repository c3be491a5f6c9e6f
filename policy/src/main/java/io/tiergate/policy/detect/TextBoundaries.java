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
}
