package io.tiergate.cli.router;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tiergate.api.TiergateException;
import io.tiergate.router.LearnedDifficultyScorer;
import io.tiergate.router.RouterFiles;
import io.tiergate.router.eval.PromptFile;
import io.tiergate.router.features.MiniLmSentenceEmbedder;
import io.tiergate.router.features.RequestText;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code tiergate router score}: one {"id", "score"} line per prompt (higher = send to the stronger tier). */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = "Score prompts of any JSONL with 'id' and 'prompt'; writes {\"id\", \"score\"} per line (higher = stronger tier).")
public final class RouterScoreCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--in", required = true, paramLabel = "FILE.jsonl", description = "Prompts: one JSON object with id and prompt per line")
    Path in;

    @Option(names = "--out", required = true, paramLabel = "SCORES.jsonl", description = "Where to write the scores")
    Path out;

    @Option(names = "--router", defaultValue = RouterFiles.BUILT_IN, paramLabel = "FILE", description = "Router file (default: ${DEFAULT-VALUE})")
    String router;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            List<PromptFile.Prompt> prompts = PromptFile.read(in);
            LearnedDifficultyScorer scorer = new LearnedDifficultyScorer(RouterFiles.load(router), MiniLmSentenceEmbedder.shared());
            Path parent = out.toAbsolutePath().getParent();
            if (parent != null) Files.createDirectories(parent);
            try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
                for (PromptFile.Prompt p : prompts) {
                    double score = scorer.probability(scorer.features(RequestText.ofPrompt(p.prompt())));
                    ObjectNode line = JSON.createObjectNode().put("id", p.id()).put("score", score);
                    w.write(JSON.writeValueAsString(line));
                    w.newLine();
                }
            }
            spec.commandLine().getOut().println("scored " + prompts.size() + " prompts into " + out);
            spec.commandLine().getOut().flush();
            return 0;
        } catch (TiergateException e) {
            err.println("tiergate router score: " + e.getMessage());
            err.flush();
            return 2;
        } catch (IOException e) {
            err.println("tiergate router score: cannot write " + out + ": " + e.getMessage());
            err.flush();
            return 1;
        }
    }
}
