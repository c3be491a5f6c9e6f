package io.tiergate.policy.detect;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * IBANs, written contiguously or in groups of four separated by single spaces: the country code
 * must be in the IBAN registry, the length must be that country's, and the ISO 7064 mod-97 check
 * must hold — so look-alike codes ("AB12 ...", a wrong digit) are not reported.
 */
final class IbanDetector implements Detector {
    private static final Pattern CANDIDATE = Pattern.compile("(?<![A-Za-z0-9])[A-Za-z]{2}\\d{2}(?: ?[A-Za-z0-9]){11,30}+");
    private static final Map<String, Integer> LENGTHS = lengths(
            "AD24 AE23 AL28 AT20 AZ28 BA20 BE16 BG22 BH22 BI27 BR29 BY28 CH21 CR22 CY28 CZ24 DE22 DJ27 DK18 DO28 "
                    + "EE20 EG29 ES24 FI18 FK18 FO18 FR27 GB22 GE22 GI23 GL18 GR27 GT28 HN28 HR21 HU28 IE22 IL23 "
                    + "IQ23 IS26 IT27 JO30 KW30 KZ20 LB28 LC32 LI21 LT20 LU20 LV21 LY25 MC27 MD24 ME22 MK19 MN20 "
                    + "MR27 MT31 MU30 NI28 NL18 NO15 OM23 PK24 PL28 PS29 PT25 QA29 RO24 RS22 RU33 SA24 SC31 SD18 "
                    + "SE24 SI19 SK24 SM27 SO23 ST25 SV28 TL23 TN24 TR26 UA29 VA22 VG24 XK20 YE30");

    @Override
    public void detect(String text, List<Finding> out) {
        Matcher m = TextBoundaries.matcher(CANDIDATE, text);
        StringBuilder iban = new StringBuilder(34);
        for (int at = nextStart(text, 0); at >= 0; at = nextStart(text, at + 1)) {
            if (!TextBoundaries.matchesAt(m, text, at)) continue;
            String country = text.substring(m.start(), m.start() + 2).toUpperCase(Locale.ROOT);
            Integer length = LENGTHS.get(country);
            if (length == null) continue;
            iban.setLength(0);
            int end = m.start();
            while (end < m.end() && iban.length() < length) {
                char c = text.charAt(end++);
                if (c != ' ') iban.append(Character.toUpperCase(c));
            }
            boolean cutInsideGroup = end < text.length() && Character.isLetterOrDigit(text.charAt(end));
            if (iban.length() == length && !cutInsideGroup && Checksums.ibanMod97(iban)) {
                out.add(new Finding(BuiltInType.IBAN.typeName(), m.start(), end));
            }
        }
    }

    /** Next position of two letters and two digits at the start of a word: where an IBAN can begin. */
    private static int nextStart(String text, int from) {
        for (int i = from; i + 3 < text.length(); i++) {
            if (TextBoundaries.isDigit(text.charAt(i + 2)) && TextBoundaries.isDigit(text.charAt(i + 3))
                    && TextBoundaries.isAsciiLetter(text.charAt(i)) && TextBoundaries.isAsciiLetter(text.charAt(i + 1))
                    && (i == 0 || !Character.isLetterOrDigit(text.charAt(i - 1)))) {
                return i;
            }
        }
        return -1;
    }

    private static Map<String, Integer> lengths(String table) {
        Map<String, Integer> map = new HashMap<>();
        for (String entry : table.split(" ")) {
            map.put(entry.substring(0, 2), Integer.parseInt(entry.substring(2)));
        }
        return Map.copyOf(map);
    }
}
