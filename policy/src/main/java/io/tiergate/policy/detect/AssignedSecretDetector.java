package io.tiergate.policy.detect;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Secrets without a vendor prefix, found by the name they are assigned to: {@code api_key=…},
 * {@code "client_secret": "…"}, {@code DB_PASSWORD: …}, {@code Authorization: Bearer …},
 * "my password is …". Only the value's span is reported. Values behind key/token/secret names must
 * look generated (letters and digits, ≥ 12 chars, ≥ 3 bits/char); values behind password names
 * must not be placeholders, references or masks. Free-standing random strings (git SHAs, UUIDs,
 * base64 blobs) are not reported: without a name they are indistinguishable from ids.
 */
final class AssignedSecretDetector implements Detector {
    private static final String NAME = "(?<name>api[_\\-]?key|apikey|secret(?:[_\\-]?key)?|client[_\\-]?secret|"
            + "access[_\\-]?key(?:[_\\-]?id)?|access[_\\-]?token|auth[_\\-]?token|refresh[_\\-]?token|token|"
            + "private[_\\-]?key|password|passwd|passphrase|pwd|bearer)";
    private static final Pattern ASSIGNMENT = Pattern.compile("(?i)(?<![A-Za-z0-9])" + NAME
            + "(?:(?<assign>[\"']?\\s{0,3}(?::=|=>|[:=])\\s{0,3}(?:bearer\\s+)?[\"']?)|(?<prose>\\s+(?:is|was)\\s+[\"']?)|\\s+)"
            + "(?<value>[^\\s\"'`,;]{6,200}+)");
    private static final String[] ROOTS = {"key", "secret", "token", "pass", "pwd", "bearer"};

    @Override
    public void detect(String text, List<Finding> out) {
        if (!mentionsSecretName(text)) return;
        Matcher m = ASSIGNMENT.matcher(text);
        while (m.find()) {
            String name = m.group("name").toLowerCase(Locale.ROOT);
            String value = stripTrailingPunctuation(m.group("value"));
            boolean prose = m.group("prose") != null;
            if (m.group("assign") == null && !prose && !name.equals("bearer")) continue;
            boolean password = name.startsWith("pass") || name.equals("pwd");
            boolean accept = password
                    ? SecretShape.plausiblePassword(value) && (!prose || SecretShape.hasDigit(value))
                    : SecretShape.plausibleKey(value);
            if (accept) {
                int start = m.start("value");
                out.add(new Finding(BuiltInType.SECRET.typeName(), start, start + value.length()));
            }
        }
    }

    /** Cheap prefilter: skip the regex when no secret-like name occurs at all. */
    private static boolean mentionsSecretName(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        for (String root : ROOTS) {
            if (lower.contains(root)) return true;
        }
        return false;
    }

    private static String stripTrailingPunctuation(String value) {
        int end = value.length();
        while (end > 0 && ".!?)]}>".indexOf(value.charAt(end - 1)) >= 0) end--;
        return value.substring(0, Math.max(end, 1));
    }
}
