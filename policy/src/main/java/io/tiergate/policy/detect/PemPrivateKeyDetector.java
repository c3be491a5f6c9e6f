package io.tiergate.policy.detect;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEM private keys ("-----BEGIN [RSA|EC|OPENSSH|ENCRYPTED|PGP …] PRIVATE KEY[ BLOCK]-----"): the span
 * runs to the end of the matching END line, or to the end of the text when a key was pasted
 * truncated. Public keys and certificates use other labels and are not reported.
 */
final class PemPrivateKeyDetector implements Detector {
    private static final Pattern BEGIN = Pattern.compile("-----BEGIN ((?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?)-----");

    @Override
    public void detect(String text, List<Finding> out) {
        int from = text.indexOf("-----BEGIN ");
        if (from < 0) return;
        Matcher m = BEGIN.matcher(text);
        while (m.find(from)) {
            String endLine = "-----END " + m.group(1) + "-----";
            int endAt = text.indexOf(endLine, m.end());
            int end = endAt < 0 ? text.length() : endAt + endLine.length();
            out.add(new Finding(BuiltInType.PRIVATE_KEY.typeName(), m.start(), end));
            if (end >= text.length()) return;
            from = end;
        }
    }
}
