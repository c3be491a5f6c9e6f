package io.tiergate.policy.detect;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Payment card numbers: 13..19 digits written contiguously or in the printed groupings
 * (4-4-4-4[-3], 4-6-5 Amex, 4-6-4 Diners) with one kind of separator (space or hyphen), whose
 * leading digits belong to a card network's issuer range and whose Luhn check digit is right.
 * Order numbers, epoch milliseconds and other long digit runs fail the issuer or Luhn check.
 */
final class PaymentCardDetector implements Detector {
    private static final Pattern CANDIDATE = Pattern.compile("(?<![\\w\\-.])(?:"
            + "\\d{13,19}+"
            + "|\\d{4}([ \\-])\\d{4}\\1\\d{4}\\1\\d{1,4}(?:\\1\\d{1,3})?"
            + "|\\d{4}([ \\-])\\d{6}\\2\\d{4,5}"
            + ")(?![\\w]|[\\-.]\\d)");

    @Override
    public void detect(String text, List<Finding> out) {
        Matcher m = TextBoundaries.matcher(CANDIDATE, text);
        StringBuilder digits = new StringBuilder(19);
        for (int at = TextBoundaries.nextNumberStart(text, 0); at >= 0; at = TextBoundaries.nextNumberStart(text, at + 1)) {
            long run = TextBoundaries.numberRun(text, at, " -");
            if (TextBoundaries.runDigits(run) < 13) {
                at = TextBoundaries.runEnd(run) - 1; // no later start inside this run has more digits
                continue;
            }
            if (!TextBoundaries.matchesAt(m, text, at)) continue;
            digits.setLength(0);
            for (int i = m.start(); i < m.end(); i++) {
                char c = text.charAt(i);
                if (TextBoundaries.isDigit(c)) digits.append(c);
            }
            if (digits.length() >= 13 && digits.length() <= 19 && issuerRange(digits) && Checksums.luhn(digits)) {
                out.add(new Finding(BuiltInType.PAYMENT_CARD.typeName(), m.start(), m.end()));
            }
        }
    }

    /**
     * Whether the leading digits (IIN) and length match a card network: Visa 4 (13/16/19), Mastercard
     * 51-55 and 2221-2720 (16), Amex 34/37 (15), Discover 6011/644-649/65 (16-19), JCB 3528-3589 (16-19),
     * Diners 300-305/36/38/39 (14-19), UnionPay 62 (16-19), Maestro 50/56-58/6 (12-19).
     */
    static boolean issuerRange(CharSequence d) {
        int len = d.length();
        int two = (d.charAt(0) - '0') * 10 + (d.charAt(1) - '0');
        int three = two * 10 + (d.charAt(2) - '0');
        int four = three * 10 + (d.charAt(3) - '0');
        return switch (d.charAt(0)) {
            case '4' -> len == 13 || len == 16 || len == 19;
            case '5' -> (two >= 51 && two <= 55 && len == 16) || two == 50 || (two >= 56 && two <= 58);
            case '2' -> four >= 2221 && four <= 2720 && len == 16;
            case '3' -> ((two == 34 || two == 37) && len == 15)
                    || (four >= 3528 && four <= 3589 && len >= 16)
                    || ((three >= 300 && three <= 305) || two == 36 || two == 38 || two == 39) && len >= 14;
            case '6' -> len >= 16;
            default -> false;
        };
    }
}
