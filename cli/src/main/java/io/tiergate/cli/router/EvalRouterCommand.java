package io.tiergate.cli.router;

import io.tiergate.api.TiergateException;
import io.tiergate.router.LearnedDifficultyScorer;
import io.tiergate.router.RouterFile;
import io.tiergate.router.RouterFiles;
import io.tiergate.router.eval.PairedItems;
import io.tiergate.router.eval.PgrPlot;
import io.tiergate.router.eval.RouterComparison;
import io.tiergate.router.eval.RouterEvaluation;
import io.tiergate.router.features.MiniLmSentenceEmbedder;
import io.tiergate.router.features.RequestFeatures;
import io.tiergate.router.learn.EmbeddingCache;
import io.tiergate.router.learn.FeatureRows;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code tiergate eval router}: APGR and CPT of a router beside random, prompt-length and oracle routing. */
@Command(name = "router", mixinStandardHelpOptions = true,
        description = "APGR and CPT(50/80/95%) with bootstrap 95% intervals for a router and for random, prompt-length and oracle routing.")
public final class EvalRouterCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    PairArguments pair = new PairArguments();

    @Option(names = "--router", defaultValue = RouterFiles.BUILT_IN, paramLabel = "FILE", description = "Router file (default: ${DEFAULT-VALUE})")
    String router;

    @Option(names = "--split", defaultValue = "test", paramLabel = "SPLIT",
            description = "test (held out from training, default), train or all")
    String split;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "Draw PGR against the share of strong calls")
    Path plot;

    @Option(names = "--resamples", defaultValue = "" + RouterEvaluation.DEFAULT_RESAMPLES, paramLabel = "N",
            description = "Bootstrap resamples (default: ${DEFAULT-VALUE})")
    int resamples;

    @Option(names = "--cache", paramLabel = "DIR", description = "Keep prompt embeddings here between runs")
    Path cache;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            if (resamples < 0) throw new CommandLine.ParameterException(spec.commandLine(), "--resamples must be 0 or more");
            List<PairedItems> pairs = new ArrayList<>();
            for (PairedItems p : pair.pairs()) pairs.add(p.split(split));
            RouterFile file = RouterFiles.load(router);
            LearnedDifficultyScorer scorer = new LearnedDifficultyScorer(file, MiniLmSentenceEmbedder.shared());
            EmbeddingCache embeddings = new EmbeddingCache(MiniLmSentenceEmbedder.shared(), file.embeddingTokens(), Optional.ofNullable(cache));
            for (int k = 0; k < pairs.size(); k++) {
                PairedItems items = pairs.get(k);
                RequestFeatures[] features = FeatureRows.of(items, embeddings);
                double[] scores = new double[features.length];
                for (int i = 0; i < scores.length; i++) scores[i] = scorer.probability(features[i]);
                RouterComparison comparison;
                try {
                    comparison = RouterComparison.of("router", scores, items, resamples);
                } catch (IllegalArgumentException e) {
                    err.println("tiergate eval router: " + pair.data.get(Math.min(k, pair.data.size() - 1)) + ": " + e.getMessage());
                    err.flush();
                    return 2;
                }
                String title = pair.data.get(Math.min(k, pair.data.size() - 1)).getFileName() + ", split " + split
                        + ", router " + Path.of(router).getFileName() + " (" + file.modelName() + ")";
                out.println(comparison.table(title));
                if (plot != null) {
                    Path target = pairs.size() == 1 ? plot : numbered(plot, k);
                    PgrPlot.write(comparison.rows(), title, target);
                    out.println("plot: " + target);
                }
                out.flush();
            }
            return 0;
        } catch (TiergateException e) {
            err.println("tiergate eval router: " + e.getMessage());
            err.flush();
            return 2;
        } catch (UncheckedIOException e) {
            err.println("tiergate eval router: " + e.getMessage());
            err.flush();
            return 1;
        }
    }

    private static Path numbered(Path png, int k) {
        String name = png.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String numbered = dot < 0 ? name + "-" + (k + 1) : name.substring(0, dot) + "-" + (k + 1) + name.substring(dot);
        return png.resolveSibling(numbered);
    }
}
