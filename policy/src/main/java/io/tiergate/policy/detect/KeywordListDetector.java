package io.tiergate.policy.detect;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Configured keywords (project code names, customer names…), matched case-insensitively as whole
 * words and reported under a configured type name. All keywords compile into one alternation, so
 * the text is scanned once however long the list.
 */
public final class KeywordListDetector implements Detector {
    private final String type;
    private final Pattern pattern;

    public KeywordListDetector(String type, List<String> keywords) {
        if (keywords.isEmpty() || keywords.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("detector '" + type + "': keywords must be non-empty strings");
        }
        this.type = type;
        String alternation = keywords.stream()
                .sorted((a, b) -> b.length() - a.length())
                .map(Pattern::quote)
                .collect(Collectors.joining("|"));
        this.pattern = Pattern.compile("(?<![\\p{L}\\p{N}_])(?:" + alternation + ")(?![\\p{L}\\p{N}_])",
                Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    @Override
    public void detect(String text, List<Finding> out) {
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            out.add(new Finding(type, m.start(), m.end()));
        }
    }
}
