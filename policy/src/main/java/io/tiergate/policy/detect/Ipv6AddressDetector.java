package io.tiergate.policy.detect;

import static io.tiergate.policy.detect.TextBoundaries.isHexDigit;

import java.util.List;

/**
 * IPv6 addresses, full or "::"-compressed, with an optional embedded IPv4 tail and zone ("%eth0").
 * Found by expanding around each ':' over hex digits, colons and dots, then parsed. Look-alikes are
 * excluded by the parse (times "10:30:45", MAC addresses, ratios) and by two rules: an address needs
 * a digit ("dead::beef" is C++), and a compressed one needs two groups ("fe80::" is a prefix) and
 * either three groups or a group of three or more hex digits ("a[1::2]" is a Python slice).
 * "::" and "::1" (unspecified, loopback) are not reported.
 */
final class Ipv6AddressDetector implements Detector {

    @Override
    public void detect(String text, List<Finding> out) {
        int colon = text.indexOf(':');
        while (colon >= 0) {
            int start = colon;
            while (start > 0 && isAddressChar(text.charAt(start - 1))) start--;
            int end = colon;
            while (end < text.length() && isAddressChar(text.charAt(end))) end++;
            while (end > start && text.charAt(end - 1) == '.') end--;
            int zoneEnd = end;
            if (zoneEnd < text.length() && text.charAt(zoneEnd) == '%') {
                zoneEnd++;
                while (zoneEnd < text.length() && TextBoundaries.isWordChar(text.charAt(zoneEnd))) zoneEnd++;
            }
            char before = TextBoundaries.before(text, start);
            char after = TextBoundaries.at(text, zoneEnd);
            boolean bounded = !TextBoundaries.isWordChar(before) && !TextBoundaries.isWordChar(after) && after != ':';
            if (bounded && end - start >= 3 && colons(text, start, end) >= 2 && valid(text.substring(start, end))) {
                out.add(new Finding(BuiltInType.IP_ADDRESS.typeName(), start, zoneEnd));
            }
            colon = text.indexOf(':', Math.max(zoneEnd, colon + 1));
        }
    }

    private static int colons(String text, int from, int to) {
        int n = 0;
        for (int i = from; i < to; i++) {
            if (text.charAt(i) == ':') n++;
        }
        return n;
    }

    private static boolean isAddressChar(char c) {
        return isHexDigit(c) || c == ':' || c == '.';
    }

    static boolean valid(String s) {
        if (s.equals("::") || s.equals("::1") || s.startsWith(":::") || s.contains(":::")) return false;
        int doubleColon = s.indexOf("::");
        if (doubleColon >= 0 && s.indexOf("::", doubleColon + 1) >= 0) return false;
        if ((s.startsWith(":") && doubleColon != 0) || (s.endsWith(":") && doubleColon != s.length() - 2)) return false;
        String[] groups = s.replace("::", ":").split(":");
        int count = 0;
        boolean digit = false;
        boolean longGroup = false;
        for (int i = 0; i < groups.length; i++) {
            String g = groups[i];
            if (g.isEmpty()) continue;
            if (g.indexOf('.') >= 0) {
                if (i != groups.length - 1 || !dottedQuad(g)) return false;
                count += 2;
                digit = true;
                longGroup = true;
                continue;
            }
            if (g.length() > 4) return false;
            for (int k = 0; k < g.length(); k++) {
                if (TextBoundaries.isDigit(g.charAt(k))) digit = true;
            }
            if (g.length() >= 3) longGroup = true;
            count++;
        }
        if (!digit) return false;
        if (doubleColon < 0) return count == 8;
        return count >= 2 && count <= 7 && (count >= 3 || longGroup);
    }

    private static boolean dottedQuad(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) return false;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) return false;
            if (Integer.parseInt(p) > 255 || (p.length() > 1 && p.charAt(0) == '0')) return false;
        }
        return true;
    }
}
