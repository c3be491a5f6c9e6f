package io.tiergate.cli.router;

import io.tiergate.api.TiergateException;
import io.tiergate.router.RouterFile;
import io.tiergate.router.RouterFiles;
import io.tiergate.router.eval.PairedItems;
import io.tiergate.router.features.MiniLmSentenceEmbedder;
import io.tiergate.router.learn.EmbeddingCache;
import io.tiergate.router.learn.RouterTrainer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code tiergate router train}: fits the candidate models on the train split, keeps the best, writes a router file. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a router on the train split of routing-evaluation files (the test split is left for 'eval router').")
public final class RouterTrainCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    PairArguments pair = new PairArguments();

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write the router file (JSON)")
    Path out;

    @Option(names = "--embedding-tokens", defaultValue = "" + MiniLmSentenceEmbedder.DEFAULT_MAX_TOKENS, paramLabel = "N",
            description = "Tokens at the end of the last user message's question to embed (default: ${DEFAULT-VALUE})")
    int embeddingTokens;

    @Option(names = "--cache", paramLabel = "DIR", description = "Keep prompt embeddings here between runs")
    Path cache;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            if (embeddingTokens < 8 || embeddingTokens > MiniLmSentenceEmbedder.MAX_BUDGET_TOKENS) throw new CommandLine.ParameterException(spec.commandLine(),
                    "--embedding-tokens must be in [8, " + MiniLmSentenceEmbedder.MAX_BUDGET_TOKENS + "], was " + embeddingTokens);
            List<PairedItems> pairs = pair.pairs();
            String command = "tiergate " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
            EmbeddingCache embeddings = new EmbeddingCache(MiniLmSentenceEmbedder.shared(), embeddingTokens, Optional.ofNullable(cache));
            RouterFile file = RouterTrainer.train(pairs, embeddings, embeddingTokens, command, line -> {
                out.println(line);
                out.flush();
            });
            RouterFiles.write(file, this.out);
            out.println("wrote " + this.out + " (" + file.modelName() + ")");
            out.flush();
            return 0;
        } catch (TiergateException e) {
            err.println("tiergate router train: " + e.getMessage());
            err.flush();
            return 2;
        }
    }
}
