package io.tiergate.policy.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Runs a fixed list of detectors over a text and returns non-overlapping findings in text order.
 * Where spans overlap (a phone-shaped run inside an IBAN, a card number assigned to "password=")
 * the earliest, then longest, then first-listed detector's finding wins, so masking never has to
 * deal with nested spans. Immutable and thread-safe.
 */
public final class SensitiveDataScanner {
    private static final SensitiveDataScanner BUILT_IN = new SensitiveDataScanner(List.of());

    private final List<Detector> detectors;

    /** The built-in detectors followed by {@code custom} ones. */
    public SensitiveDataScanner(List<? extends Detector> custom) {
        List<Detector> all = new ArrayList<>(List.of(
                new PemPrivateKeyDetector(),
                new KnownPrefixSecretDetector(),
                new AssignedSecretDetector(),
                new UrlCredentialDetector(),
                new EmailDetector(),
                new IbanDetector(),
                new PaymentCardDetector(),
                new UsSsnDetector(),
                new PhoneNumberDetector(),
                new Ipv6AddressDetector(),
                new Ipv4AddressDetector()));
        all.addAll(custom);
        this.detectors = List.copyOf(all);
    }

    /** The scanner with only the built-in detectors. */
    public static SensitiveDataScanner builtIn() {
        return BUILT_IN;
    }

    public List<Finding> scan(String text) {
        if (text.isEmpty()) return List.of();
        List<Finding> raw = new ArrayList<>();
        List<Integer> rank = new ArrayList<>();
        for (int d = 0; d < detectors.size(); d++) {
            int before = raw.size();
            detectors.get(d).detect(text, raw);
            for (int i = before; i < raw.size(); i++) rank.add(d);
        }
        if (raw.size() <= 1) return List.copyOf(raw);
        Integer[] order = new Integer[raw.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        java.util.Arrays.sort(order, Comparator.<Integer>comparingInt(i -> raw.get(i).start())
                .thenComparingInt(i -> -raw.get(i).length())
                .thenComparingInt(rank::get));
        List<Finding> kept = new ArrayList<>();
        for (int i : order) {
            Finding f = raw.get(i);
            if (kept.isEmpty() || !kept.getLast().overlaps(f)) kept.add(f);
        }
        return List.copyOf(kept);
    }
}
