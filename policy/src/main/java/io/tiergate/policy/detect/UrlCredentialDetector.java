package io.tiergate.policy.detect;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Passwords in URLs ("postgres://app:S3cret@db:5432/prod", "https://user:token@git.corp/repo.git"):
 * the password part of the userinfo is reported as a secret. A user name alone, a placeholder or a
 * reference ("${DB_PASS}") is not.
 */
final class UrlCredentialDetector implements Detector {
    private static final Pattern USERINFO = Pattern.compile("[A-Za-z][A-Za-z0-9+.\\-]{1,15}://[^\\s/:@\"'<>]{0,64}:([^\\s/@\"'<>]{1,128})@[A-Za-z0-9\\[]");

    @Override
    public void detect(String text, List<Finding> out) {
        for (int sep = text.indexOf("://"); sep >= 0; sep = text.indexOf("://", sep + 3)) {
            int at = sep;
            while (at > 0 && isSchemeChar(text.charAt(at - 1))) at--;
            if (at == sep) continue;
            Matcher m = TextBoundaries.matcher(USERINFO, text);
            if (TextBoundaries.matchesAt(m, text, at) && SecretShape.plausiblePassword(m.group(1))) {
                out.add(new Finding(BuiltInType.SECRET.typeName(), m.start(1), m.end(1)));
            }
        }
    }

    private static boolean isSchemeChar(char c) {
        return TextBoundaries.isAsciiLetter(c) || TextBoundaries.isDigit(c) || c == '+' || c == '.' || c == '-';
    }
}
