package io.tiergate.policy.detect;

/**
 * One span of sensitive data: its type name (e.g. "email") and the half-open char range
 * {@code [start, end)} in the scanned text. Deliberately holds no copy of the value, so a finding
 * can be logged or shown to a user safely.
 */
public record Finding(String type, int start, int end) {
    public Finding {
        if (type.isBlank()) throw new IllegalArgumentException("finding type must not be blank");
        if (start < 0 || end <= start) {
            throw new IllegalArgumentException("finding span must satisfy 0 <= start < end, got " + start + ".." + end);
        }
    }

    public int length() {
        return end - start;
    }

    public boolean overlaps(Finding other) {
        return start < other.end && other.start < end;
    }
}
