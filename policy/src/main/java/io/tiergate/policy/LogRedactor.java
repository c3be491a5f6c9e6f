package io.tiergate.policy;

import io.tiergate.policy.detect.SensitiveDataScanner;
import io.tiergate.policy.detect.SpanMasker;

/**
 * Masks every sensitive span (built-in detectors) of a text before it is logged: prompt text may
 * appear in logs only at debug level, and only through {@link #redact(String)}.
 */
public final class LogRedactor {
    private LogRedactor() {}

    /** {@code text} with each finding replaced by a placeholder such as {@code [EMAIL_1]}. */
    public static String redact(String text) {
        return new SpanMasker().mask(text, SensitiveDataScanner.builtIn().scan(text));
    }
}
