package io.tiergate.policy.detect;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Phone numbers in three written shapes, then checked by digit count:
 * <ul>
 *   <li>international: "+" or "00", country code, groups ("+44 20 7946 0958", "+1 (555) 010-4477",
 *       "+4915112345678"): 8..15 digits after the prefix (E.164), one optional "(0)";</li>
 *   <li>North American: "(212) 555-0147", "212-555-0147", "212.555.0147", "1-800-555-0199", with
 *       area code and exchange starting 2-9;</li>
 *   <li>national with trunk 0 and separators ("020 7946 0958", "030/12345678", "06-12345678",
 *       "01 23 45 67 89"): 10..12 digits.</li>
 * </ul>
 * Bare digit runs (7..15 digits, "+" optional) count only right after a word such as "phone",
 * "tel" or "call". Not reported: dates, times, version numbers, IP addresses, card numbers and
 * 7-digit local numbers ("555-0147"), whose shapes these rules exclude.
 */
final class PhoneNumberDetector implements Detector {
    private static final String BEFORE = "(?:(?<=tel:)|(?<![\\w+.\\-/:@#]))";
    private static final String AFTER = "(?![\\w@]|[.\\-/:,]\\d)";
    private static final Pattern WRITTEN = Pattern.compile(BEFORE + "(?:"
            + "(?<nanp>(?:\\+?1[ .\\-]?)?(?:\\([2-9]\\d{2}\\) ?|[2-9]\\d{2}[ .\\-])[2-9]\\d{2}[ .\\-]\\d{4})"
            + "|(?<intl>(?:\\+|00)[1-9]\\d{0,2}+(?:[ .\\-]?(?:\\(\\d{1,4}\\)|\\d{1,6}+)){1,6}+)"
            + "|(?<trunk>0\\d{1,4}+(?:[ .\\-/]\\d{2,8}+){1,4}+)"
            + ")" + AFTER);
    private static final Pattern BARE = Pattern.compile(BEFORE + "(?:\\+|00)?\\d{7,15}+(?!\\w)");
    private static final String[] KEYWORDS = {"phone", "tel", "telephone", "mobile", "cell", "fax", "call", "whatsapp",
            "sms", "text me", "ring"};

    @Override
    public void detect(String text, List<Finding> out) {
        Matcher written = TextBoundaries.matcher(WRITTEN, text);
        Matcher bare = TextBoundaries.matcher(BARE, text);
        int at = TextBoundaries.nextNumberStart(text, 0);
        while (at >= 0) {
            int next = at + 1;
            long run = TextBoundaries.numberRun(text, at, " -./");
            if (TextBoundaries.runDigits(run) < 7) { // nor does any later start inside this run
                at = TextBoundaries.nextNumberStart(text, TextBoundaries.runEnd(run));
                continue;
            }
            if (TextBoundaries.matchesAt(written, text, at)) {
                if (accept(written) && !continuesDigitGroups(text, at)) {
                    out.add(new Finding(BuiltInType.PHONE_NUMBER.typeName(), at, written.end()));
                    next = written.end();
                }
            } else if (TextBoundaries.matchesAt(bare, text, at)) {
                int digits = countDigits(text, at, bare.end());
                if (digits >= 7 && digits <= 15 && TextBoundaries.precededByKeyword(text, at, 30, 2, KEYWORDS)) {
                    out.add(new Finding(BuiltInType.PHONE_NUMBER.typeName(), at, bare.end()));
                    next = bare.end();
                }
            }
            at = TextBoundaries.nextNumberStart(text, next);
        }
    }

    private static boolean accept(Matcher m) {
        if (m.group("nanp") != null) return true;
        if (m.group("intl") != null) {
            String s = m.group("intl");
            int prefix = s.startsWith("+") ? 0 : 2;
            int digits = countDigits(s, 0, s.length()) - prefix - (s.contains("(0)") ? 1 : 0);
            return digits >= 8 && digits <= 15;
        }
        String s = m.group("trunk");
        int digits = countDigits(s, 0, s.length());
        return digits >= 10 && digits <= 12 && consistentSeparators(s) && (s.indexOf('.') < 0 || pairsOnly(s));
    }

    /**
     * "3704 0044 0532 0130 01", "ABNA 0417 1643 01": a phone-shaped tail of a longer run of digit
     * groups or upper-case four-char groups (a mistyped IBAN, an account id).
     */
    private static boolean continuesDigitGroups(String text, int start) {
        if (start < 2 || text.charAt(start - 1) != ' ') return false;
        char last = text.charAt(start - 2);
        if (TextBoundaries.isDigit(last)) return true;
        int tokenStart = start - 1;
        while (tokenStart > 0 && text.charAt(tokenStart - 1) != ' ') tokenStart--;
        String token = text.substring(tokenStart, start - 1);
        return token.length() == 4 && token.chars().allMatch(c -> (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'));
    }

    /** One kind of separator between groups (a space after a closing parenthesis aside): "030 123-45" is not a number. */
    private static boolean consistentSeparators(String s) {
        char seen = 0;
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == ' ' && s.charAt(i - 1) == ')') continue;
            if (c == ' ' || c == '-' || c == '.' || c == '/') {
                if (seen != 0 && seen != c) return false;
                seen = c;
            }
        }
        return true;
    }

    /** Dotted national numbers are written in pairs ("01.23.45.67.89"); anything else dotted is a version or id. */
    private static boolean pairsOnly(String s) {
        for (String group : s.split("\\.")) {
            if (group.length() != 2) return false;
        }
        return true;
    }

    private static int countDigits(CharSequence s, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            if (TextBoundaries.isDigit(s.charAt(i))) n++;
        }
        return n;
    }
}
