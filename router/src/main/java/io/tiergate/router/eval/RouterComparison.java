package io.tiergate.router.eval;

import java.util.List;
import java.util.Locale;

/** A router's evaluation beside the trivial routers' (random, prompt length, oracle), on the same items and resamples. */
public record RouterComparison(PairedItems items, List<RouterEvaluation> rows) {
    public static final long RANDOM_SEED = 1L;

    public RouterComparison {
        rows = List.copyOf(rows);
    }

    public static RouterComparison of(String routerName, double[] routerScores, PairedItems items, int resamples) {
        return new RouterComparison(items, List.of(
                RouterEvaluation.of(routerName, routerScores, items, resamples),
                RouterEvaluation.of("random", BaselineScores.random(items, RANDOM_SEED), items, resamples),
                RouterEvaluation.of("prompt-length", BaselineScores.promptLength(items), items, resamples),
                RouterEvaluation.of("oracle", BaselineScores.oracle(items), items, resamples)));
    }

    /** A plain-text table: APGR and CPT(50/80/95 %) with their 95 % intervals. */
    public String table(String title) {
        StringBuilder b = new StringBuilder();
        b.append(title).append('\n');
        b.append(String.format(Locale.ROOT, "weak %s, strong %s: %d items%s%n", items.weak(), items.strong(), items.size(),
                items.skipped() > 0 ? " (" + items.skipped() + " lacking either score skipped)" : ""));
        b.append(String.format(Locale.ROOT, "%-16s %-22s %-22s %-22s %-22s%n", "router", "APGR", "CPT(50%)", "CPT(80%)", "CPT(95%)"));
        for (RouterEvaluation r : rows) {
            b.append(String.format(Locale.ROOT, "%-16s %-22s %-22s %-22s %-22s%n", r.router(), ratio(r.apgr()),
                    percent(r.cpt50()), percent(r.cpt80()), percent(r.cpt95())));
        }
        b.append("(95 % bootstrap intervals over items; CPT = share of calls to the strong model needed to recover that share of the gap)\n");
        return b.toString();
    }

    private static String ratio(RouterEvaluation.Interval i) {
        return String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", i.value(), i.low(), i.high());
    }

    private static String percent(RouterEvaluation.Interval i) {
        return String.format(Locale.ROOT, "%.0f%% [%.0f, %.0f]", i.value() * 100, i.low() * 100, i.high() * 100);
    }
}
