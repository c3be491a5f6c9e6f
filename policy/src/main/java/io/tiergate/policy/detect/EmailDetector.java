package io.tiergate.policy.detect;

import static io.tiergate.policy.detect.TextBoundaries.isAsciiLetter;
import static io.tiergate.policy.detect.TextBoundaries.isDigit;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * E-mail addresses, found by expanding around each '@' (no regex: one indexOf per '@').
 * Not reported: addresses in the domains reserved for documentation (RFC 2606 / RFC 6761:
 * example.com/.net/.org, *.example, *.test, *.invalid, *.localhost), since they cannot reach a
 * person, "name@2x.png"-style asset names whose top-level domain is a file extension, and the
 * user part of URLs ("https://user:pw@host", see {@link UrlCredentialDetector}).
 */
final class EmailDetector implements Detector {
    private static final Set<String> RESERVED_SECOND_LEVEL = Set.of("example.com", "example.net", "example.org");
    private static final Set<String> RESERVED_TOP_LEVEL = Set.of("example", "test", "invalid", "localhost", "local");
    private static final Set<String> FILE_EXTENSIONS = Set.of("png", "jpg", "jpeg", "gif", "svg", "webp", "ico", "bmp",
            "js", "ts", "css", "json", "lock", "txt");

    @Override
    public void detect(String text, List<Finding> out) {
        int at = text.indexOf('@');
        while (at >= 0) {
            int next = at + 1;
            int start = at;
            while (start > 0 && isLocalChar(text.charAt(start - 1))) start--;
            while (start < at && text.charAt(start) == '.') start++;
            if (start < at && text.charAt(at - 1) != '.' && !urlUserInfo(text, start)) {
                int end = domainEnd(text, at + 1);
                if (end > at + 1 && acceptableDomain(text.substring(at + 1, end))) {
                    out.add(new Finding(BuiltInType.EMAIL.typeName(), start, end));
                    next = end;
                }
            }
            at = text.indexOf('@', next);
        }
    }

    /** "postgres://app:pw@db.internal", "https://user@host.io": the part before '@' belongs to a URL. */
    private static boolean urlUserInfo(String text, int localStart) {
        int tokenStart = localStart;
        while (tokenStart > 0 && !Character.isWhitespace(text.charAt(tokenStart - 1)) && localStart - tokenStart < 80) tokenStart--;
        return text.substring(tokenStart, localStart).contains("://");
    }

    private static boolean isLocalChar(char c) {
        return isAsciiLetter(c) || isDigit(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
    }

    /** End of the longest run of letters, digits, '-' and '.', without trailing dots or hyphens. */
    private static int domainEnd(String text, int from) {
        int end = from;
        while (end < text.length()) {
            char c = text.charAt(end);
            if (!(isAsciiLetter(c) || isDigit(c) || c == '-' || c == '.')) break;
            end++;
        }
        while (end > from && (text.charAt(end - 1) == '.' || text.charAt(end - 1) == '-')) end--;
        return end;
    }

    private static boolean acceptableDomain(String domain) {
        String[] labels = domain.toLowerCase(Locale.ROOT).split("\\.", -1);
        if (labels.length < 2) return false;
        for (String label : labels) {
            if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")) return false;
        }
        String tld = labels[labels.length - 1];
        if (tld.length() < 2 || !tld.chars().allMatch(c -> c >= 'a' && c <= 'z')) return false;
        if (FILE_EXTENSIONS.contains(tld) || RESERVED_TOP_LEVEL.contains(tld)) return false;
        String secondLevel = labels[labels.length - 2] + "." + tld;
        return !RESERVED_SECOND_LEVEL.contains(secondLevel);
    }
}
