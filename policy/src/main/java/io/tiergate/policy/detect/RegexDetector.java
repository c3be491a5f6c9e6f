package io.tiergate.policy.detect;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** A configured regular expression reporting its matches under a configured type name. */
public final class RegexDetector implements Detector {
    private final String type;
    private final Pattern pattern;

    public RegexDetector(String type, Pattern pattern) {
        this.type = type;
        this.pattern = pattern;
    }

    /** Compiles {@code regex}; a syntax error becomes an IllegalArgumentException naming the type. */
    public static RegexDetector compile(String type, String regex) {
        try {
            return new RegexDetector(type, Pattern.compile(regex));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("detector '" + type + "': invalid regex: " + e.getDescription(), e);
        }
    }

    @Override
    public void detect(String text, List<Finding> out) {
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            if (m.end() > m.start()) out.add(new Finding(type, m.start(), m.end()));
        }
    }
}
