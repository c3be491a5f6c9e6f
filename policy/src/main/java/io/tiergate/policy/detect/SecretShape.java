package io.tiergate.policy.detect;

import java.util.Locale;
import java.util.Set;

/** Tells machine-generated secret values from words, identifiers and placeholders. */
final class SecretShape {
    private static final Set<String> PLACEHOLDERS = Set.of("true", "false", "null", "none", "nil", "undefined",
            "changeme", "password", "secret", "token", "example", "redacted", "string", "required", "optional",
            "empty", "hidden", "masked", "removed", "placeholder", "dummy", "test", "sample", "value");

    private SecretShape() {}

    /** Letters and digits mixed, and at least 3 bits of entropy per char: how generated keys look. */
    static boolean looksRandom(String value) {
        return value.length() >= 12 && hasLetter(value) && hasDigit(value) && Checksums.entropyBitsPerChar(value) >= 3.0;
    }

    /**
     * Whether a value assigned to a password-like name is a real password rather than a
     * placeholder, a reference to somewhere else ("${DB_PASS}", "env:X", "os.environ[...]"), a
     * variable name or a mask ("********").
     */
    static boolean plausiblePassword(String value) {
        if (value.length() < 6 || isPlaceholder(value)) return false;
        return value.chars().distinct().count() > 2;
    }

    /** Whether a value assigned to a key/token/secret name looks like a generated secret. */
    static boolean plausibleKey(String value) {
        return !isPlaceholder(value) && looksRandom(value);
    }

    private static boolean isPlaceholder(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        char first = value.charAt(0);
        if (first == '<' || first == '$' || first == '{' || first == '%' || first == '[' || first == '*') return true;
        if (lower.startsWith("env:") || lower.startsWith("your") || lower.startsWith("xxx") || lower.startsWith("process.env")
                || lower.startsWith("...")) {
            return true;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '(' || c == ')' || c == '[' || c == ']' || c == '{' || c == '}') return true;
        }
        if (PLACEHOLDERS.contains(lower)) return true;
        // SCREAMING_CASE names and dotted.identifiers are references to where the secret lives.
        return value.matches("[A-Z][A-Z0-9_]*") || value.matches("[A-Za-z_]\\w*(?:\\.[A-Za-z_]\\w*)+");
    }

    static boolean hasLetter(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (TextBoundaries.isAsciiLetter(s.charAt(i))) return true;
        }
        return false;
    }

    static boolean hasDigit(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (TextBoundaries.isDigit(s.charAt(i))) return true;
        }
        return false;
    }
}
