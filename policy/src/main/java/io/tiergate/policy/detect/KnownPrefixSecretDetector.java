package io.tiergate.policy.detect;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * API keys and tokens recognisable by their vendor prefix: OpenAI (sk-, sk-proj-), Anthropic
 * (sk-ant-), GitHub (ghp_, gho_, ghu_, ghs_, ghr_, github_pat_), Slack (xoxb-, xoxp-, xoxa-, xoxr-,
 * xoxs-), AWS access key ids (AKIA, ASIA), Google (AIza), GitLab (glpat-), Hugging Face (hf_),
 * Stripe (sk_live_, rk_live_, sk_test_, rk_test_) and JWTs (eyJ….eyJ….sig). Prefixes that are also
 * ordinary words ("sk-learn") need a body with letters and digits and at least 3 bits/char entropy.
 */
final class KnownPrefixSecretDetector implements Detector {
    private static final Pattern TOKEN = Pattern.compile("(?<![A-Za-z0-9_\\-])(?:"
            + "(?<sk>sk-(?:proj-|ant-|svcacct-|admin-)?[A-Za-z0-9_\\-]{20,}+)"
            + "|gh[pousr]_[A-Za-z0-9]{36,}+"
            + "|github_pat_[A-Za-z0-9_]{22,}+"
            + "|xox[bpars]-[A-Za-z0-9\\-]{10,}+"
            + "|(?:AKIA|ASIA)[A-Z0-9]{16}"
            + "|AIza[0-9A-Za-z_\\-]{35}"
            + "|glpat-[0-9A-Za-z_\\-]{20,}+"
            + "|hf_[A-Za-z0-9]{30,}+"
            + "|[sr]k_(?:live|test)_[0-9A-Za-z]{16,}+"
            + "|eyJ[A-Za-z0-9_\\-]{8,}+\\.eyJ[A-Za-z0-9_\\-]{8,}+\\.[A-Za-z0-9_\\-]*+"
            + ")(?![A-Za-z0-9_\\-])");

    /** Literal starts of the alternatives above, found with indexOf before the pattern is tried. */
    private static final String[] PREFIXES = {"sk-", "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "xox", "AKIA",
            "ASIA", "AIza", "glpat-", "hf_", "sk_live_", "sk_test_", "rk_live_", "rk_test_", "eyJ"};

    @Override
    public void detect(String text, List<Finding> out) {
        Matcher m = TextBoundaries.matcher(TOKEN, text);
        for (String prefix : PREFIXES) {
            for (int at = text.indexOf(prefix); at >= 0; at = text.indexOf(prefix, at + 1)) {
                if (!TextBoundaries.matchesAt(m, text, at)) continue;
                String sk = m.group("sk");
                if (sk != null && !SecretShape.looksRandom(sk.substring(sk.lastIndexOf('-', 12) + 1))) continue;
                out.add(new Finding(BuiltInType.SECRET.typeName(), at, m.end()));
                at = m.end() - 1;
            }
        }
    }
}
