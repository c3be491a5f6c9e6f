package io.tiergate.policy;

import io.tiergate.policy.detect.BuiltInType;
import io.tiergate.policy.detect.Detector;
import io.tiergate.policy.detect.KeywordListDetector;
import io.tiergate.policy.detect.RegexDetector;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A configured detector: findings of {@code type} for every match of any of {@code patterns}
 * (Java regular expressions) and every whole-word, case-insensitive occurrence of {@code keywords}.
 * <pre>
 * detectors:
 *   - type: project_codename
 *     keywords: [bluebird, "night owl"]
 *   - type: employee_id
 *     patterns: ['\bEMP-\d{6}\b']
 * </pre>
 */
public record CustomDetectorConfig(String type, List<String> patterns, List<String> keywords) {
    public CustomDetectorConfig {
        if (type == null || !type.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("detectors[].type must be a snake_case name like 'employee_id', got '" + type + "'");
        }
        if (BuiltInType.typeNames().contains(type)) {
            throw new IllegalArgumentException("detectors[].type '" + type + "' is a built-in type; choose another name");
        }
        patterns = List.copyOf(Objects.requireNonNullElse(patterns, List.of()));
        keywords = List.copyOf(Objects.requireNonNullElse(keywords, List.of()));
        if (patterns.isEmpty() && keywords.isEmpty()) {
            throw new IllegalArgumentException("detector '" + type + "' needs at least one of patterns or keywords");
        }
        for (String regex : patterns) RegexDetector.compile(type, regex); // fail at load time, naming the type
    }

    /** The detectors this entry stands for; throws IllegalArgumentException naming the type for a bad regex. */
    public List<Detector> detectors() {
        List<Detector> out = new ArrayList<>();
        for (String regex : patterns) out.add(RegexDetector.compile(type, regex));
        if (!keywords.isEmpty()) out.add(new KeywordListDetector(type, keywords));
        return out;
    }
}
