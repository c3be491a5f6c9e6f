package io.tiergate.policy.detect;

/** The check-digit algorithms that separate real card numbers and IBANs from look-alike digit strings. */
final class Checksums {
    private Checksums() {}

    /** Luhn (mod 10) over a string of ASCII digits, as used by payment card numbers. */
    static boolean luhn(CharSequence digits) {
        int sum = 0;
        boolean doubleIt = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (doubleIt) {
                d *= 2;
                if (d > 9) d -= 9;
            }
            sum += d;
            doubleIt = !doubleIt;
        }
        return sum % 10 == 0;
    }

    /**
     * ISO 13616 IBAN check: move the first four characters to the end, map letters to 10..35 and
     * require the number mod 97 to be 1. {@code iban} is upper-case alphanumeric without spaces.
     */
    static boolean ibanMod97(CharSequence iban) {
        int remainder = 0;
        int n = iban.length();
        for (int k = 0; k < n; k++) {
            char c = iban.charAt((k + 4) % n);
            if (c >= '0' && c <= '9') {
                remainder = (remainder * 10 + (c - '0')) % 97;
            } else if (c >= 'A' && c <= 'Z') {
                remainder = (remainder * 100 + (c - 'A' + 10)) % 97;
            } else {
                return false;
            }
        }
        return remainder == 1;
    }

    /** Shannon entropy of the characters of {@code s}, in bits per character. */
    static double entropyBitsPerChar(CharSequence s) {
        int[] counts = new int[128];
        int other = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 128) counts[c]++;
            else other++;
        }
        double bits = 0;
        double n = s.length();
        for (int count : counts) {
            if (count > 0) bits -= count / n * (Math.log(count / n) / Math.log(2));
        }
        if (other > 0) bits -= other / n * (Math.log(other / n) / Math.log(2));
        return bits;
    }
}
