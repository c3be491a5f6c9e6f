package io.tiergate.policy.detect;

import java.util.List;

/** Recognises one kind of sensitive data in text. Implementations are immutable and thread-safe. */
public interface Detector {
    /** Appends every span of {@code text} this detector recognises to {@code out} (any order, overlaps allowed). */
    void detect(String text, List<Finding> out);
}
