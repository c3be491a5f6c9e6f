package io.tiergate.policy.detect;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * US Social Security numbers: "123-45-6789" or "123 45 6789" anywhere, and bare nine-digit runs
 * only right after "SSN" or "social security". Numbers the SSA never issues are not reported:
 * area 000, 666 or 900-999, group 00, serial 0000, and the two famously published numbers
 * 078-05-1120 and 219-09-9999.
 */
final class UsSsnDetector implements Detector {
    private static final Pattern WRITTEN = Pattern.compile("(?<![\\w\\-.])(\\d{3})([\\- ])(\\d{2})\\2(\\d{4})(?![\\w]|[\\-.]\\d)");
    private static final Pattern BARE = Pattern.compile("(?<![\\w\\-.])(\\d{3})(\\d{2})(\\d{4})(?![\\w]|[\\-.]\\d)");
    private static final String[] KEYWORDS = {"ssn", "social security", "ss#", "ss no", "social sec"};

    @Override
    public void detect(String text, List<Finding> out) {
        Matcher written = TextBoundaries.matcher(WRITTEN, text);
        Matcher bare = TextBoundaries.matcher(BARE, text);
        for (int at = TextBoundaries.nextNumberStart(text, 0); at >= 0; at = TextBoundaries.nextNumberStart(text, at + 1)) {
            long run = TextBoundaries.numberRun(text, at, " -");
            if (TextBoundaries.runDigits(run) < 9) {
                at = TextBoundaries.runEnd(run) - 1;
                continue;
            }
            if (TextBoundaries.matchesAt(written, text, at)) {
                if (issuable(written.group(1), written.group(3), written.group(4))) out.add(finding(written));
            } else if (TextBoundaries.matchesAt(bare, text, at)
                    && issuable(bare.group(1), bare.group(2), bare.group(3))
                    && TextBoundaries.precededByKeyword(text, at, 30, 2, KEYWORDS)) {
                out.add(finding(bare));
            }
        }
    }

    private static Finding finding(Matcher m) {
        return new Finding(BuiltInType.US_SSN.typeName(), m.start(), m.end());
    }

    static boolean issuable(String area, String group, String serial) {
        if (area.equals("000") || area.equals("666") || area.charAt(0) == '9') return false;
        if (group.equals("00") || serial.equals("0000")) return false;
        String all = area + group + serial;
        return !all.equals("078051120") && !all.equals("219099999");
    }
}
