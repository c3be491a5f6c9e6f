package io.tiergate.policy.detect;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Secrets without a vendor prefix, found by the name they are assigned to: {@code api_key=…},
 * {@code "client_secret": "…"}, {@code DB_PASSWORD: …}, {@code Authorization: Bearer …} (or Basic …),
 * "my password is …". Only the value's span is reported. Values behind key/token/secret names must
 * look generated (letters and digits, ≥ 12 chars, ≥ 3 bits/char); values behind password names
 * must not be placeholders, references or masks. Free-standing random strings (git SHAs, UUIDs,
 * base64 blobs) are not reported: without a name they are indistinguishable from ids.
 */
final class AssignedSecretDetector implements Detector {
    private static final String NAME = "(?<name>api[_\\-]?key|apikey|secret(?:[_\\-]?key)?|client[_\\-]?secret|"
            + "access[_\\-]?key(?:[_\\-]?id)?|access[_\\-]?token|auth[_\\-]?token|refresh[_\\-]?token|token|"
            + "private[_\\-]?key|password|passwd|passphrase|pwd|bearer|basic)";
    private static final Pattern ASSIGNMENT = Pattern.compile("(?i)(?<![A-Za-z0-9])" + NAME
            + "(?:(?<assign>[\"']?\\s{0,3}(?::=|=>|[:=])\\s{0,3}(?:bearer\\s+)?[\"']?)|(?<prose>\\s+(?:is|was)\\s+[\"']?)|\\s+)"
            + "(?<value>[^\\s\"'`,;]{6,200}+)");
    /** First letters of the names above: other word starts cannot begin a match. */
    private static final String NAME_INITIALS = "abcprst";
    private static final String[] ROOTS = {"key", "secret", "token", "pass", "pwd", "bearer", "basic"};

    @Override
    public void detect(String text, List<Finding> out) {
        String lower = asciiLowerCase(text); // same length as text, unlike toLowerCase for some scripts
        int[] hits = new int[8];
        int count = 0;
        for (String root : ROOTS) {
            for (int hit = lower.indexOf(root); hit >= 0; hit = lower.indexOf(root, hit + 1)) {
                if (count == hits.length) hits = Arrays.copyOf(hits, count * 2);
                hits[count++] = hit;
            }
        }
        Arrays.sort(hits, 0, count);
        Matcher m = TextBoundaries.matcher(ASSIGNMENT, text);
        int done = 0;
        for (int h = 0; h < count; h++) {
            int hit = hits[h];
            // The name may begin up to 16 chars before the root ("client_secret", "access_token").
            for (int at = Math.max(Math.max(0, hit - 16), done); at <= hit; at++) {
                if (NAME_INITIALS.indexOf(lower.charAt(at)) < 0 || (at > 0 && Character.isLetterOrDigit(text.charAt(at - 1)))) continue;
                if (TextBoundaries.matchesAt(m, text, at) && m.end("name") > hit) {
                    accept(m, out);
                    done = m.end();
                    break;
                }
            }
        }
    }

    private static String asciiLowerCase(String text) {
        char[] chars = text.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            if (chars[i] >= 'A' && chars[i] <= 'Z') chars[i] += 'a' - 'A';
        }
        return new String(chars);
    }

    private static void accept(Matcher m, List<Finding> out) {
        String name = m.group("name").toLowerCase(Locale.ROOT);
        String value = stripTrailingPunctuation(m.group("value"));
        boolean prose = m.group("prose") != null;
        boolean scheme = name.equals("bearer") || name.equals("basic"); // "Authorization: Bearer <token>"
        if (m.group("assign") == null && !prose && !scheme) return;
        if (name.equals("basic") && prose) return;
        boolean password = name.startsWith("pass") || name.equals("pwd");
        boolean plausible = password
                ? SecretShape.plausiblePassword(value) && (!prose || SecretShape.hasDigit(value))
                : SecretShape.plausibleKey(value);
        if (plausible) {
            int start = m.start("value");
            out.add(new Finding(BuiltInType.SECRET.typeName(), start, start + value.length()));
        }
    }

    private static String stripTrailingPunctuation(String value) {
        int end = value.length();
        while (end > 0 && ".!?)]}>".indexOf(value.charAt(end - 1)) >= 0) end--;
        return value.substring(0, Math.max(end, 1));
    }
}
