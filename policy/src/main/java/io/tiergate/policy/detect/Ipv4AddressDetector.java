package io.tiergate.policy.detect;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * IPv4 addresses in dotted-quad form (octets 0-255, no leading zeros), optionally with a port or
 * CIDR suffix left outside the span. Version strings that happen to be four numbers are told apart
 * by context: attached to a name or a "v" ("v1.2.3.4", "lib-1.2.3.4"), part of a longer dotted run
 * (OIDs), or right after "version", "release", "build", "firmware", "section"… Not reported either:
 * 0.0.0.0, loopback 127/8 and 255.x (netmasks, broadcast), which identify no host.
 */
final class Ipv4AddressDetector implements Detector {
    private static final String OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
    private static final Pattern ADDRESS = Pattern.compile(
            "(?<![\\w.\\-])" + OCTET + "(?:\\." + OCTET + "){3}(?![\\w\\-]|\\.\\d)");
    private static final String[] VERSION_WORDS = {"version", "ver", "release", "build", "firmware", "section", "chapter",
            "rev", "revision", "sdk", "patch", "update", "§"};

    @Override
    public void detect(String text, List<Finding> out) {
        if (text.indexOf('.') < 0) return;
        Matcher m = TextBoundaries.matcher(ADDRESS, text);
        for (int at = TextBoundaries.nextNumberStart(text, 0); at >= 0; at = TextBoundaries.nextNumberStart(text, at + 1)) {
            long run = TextBoundaries.numberRun(text, at, ".");
            if (TextBoundaries.runDigits(run) < 4) {
                at = TextBoundaries.runEnd(run) - 1;
                continue;
            }
            if (!TextBoundaries.matchesAt(m, text, at)) continue;
            String address = m.group();
            if (address.equals("0.0.0.0") || address.startsWith("127.") || address.startsWith("255.")) continue;
            if (TextBoundaries.precededByKeyword(text, m.start(), 12, 0, VERSION_WORDS)) continue;
            out.add(new Finding(BuiltInType.IP_ADDRESS.typeName(), m.start(), m.end()));
        }
    }
}
