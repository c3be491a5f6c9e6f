package io.tiergate.cli.router;

import io.tiergate.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The router commands end to end through picocli, on small routing files written here (real MiniLM weights). */
class RouterCommandsTest {
    @TempDir
    Path dir;
    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();

    private int run(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        return new CommandLine(new Main()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
    }

    /** 120 items: arithmetic prompts where only the strong model succeeds, chit-chat where both do. */
    private Path routingFile() throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            lines.add("{\"id\": \"m" + i + "\", \"prompt\": \"Compute " + (17 * i + 3) + " * " + (i + 11) + " - " + (5 * i)
                    + " and give the exact number.\", \"scores\": {\"tiny\": 0, \"big\": 1}}");
            lines.add("{\"id\": \"c" + i + "\", \"prompt\": \"Say something nice about my dog number " + i
                    + "\", \"scores\": {\"tiny\": 1, \"big\": 1}}");
        }
        Path f = dir.resolve("routing.jsonl");
        Files.write(f, lines);
        return f;
    }

    @Test
    void trainEvalScoreAndRouteWorkTogether() throws IOException {
        Path data = routingFile();
        Path router = dir.resolve("router.json");
        assertThat(run("router", "train", "--data", data.toString(), "--weak", "tiny", "--strong", "big", "--out", router.toString())).isZero();
        assertThat(out.toString()).contains("logistic", "knn", "mlp", "kept", "wrote " + router);

        Path png = dir.resolve("pgr.png");
        assertThat(run("eval", "router", "--data", data.toString(), "--weak", "tiny", "--strong", "big", "--router", router.toString(),
                "--resamples", "50", "--plot", png.toString())).isZero();
        assertThat(out.toString()).contains("APGR", "CPT(50%)", "random", "prompt-length", "oracle");
        assertThat(Files.size(png)).isGreaterThan(1000);
        String routerRow = out.toString().lines().filter(l -> l.startsWith("router ") && l.contains("[")).findFirst().orElseThrow();
        // Half the items gain, so the oracle scores 0.75 and random 0.5; arithmetic vs chit-chat is easy to tell apart.
        assertThat(Double.parseDouble(routerRow.split("\\s+")[1])).isGreaterThan(0.7);

        Path scores = dir.resolve("scores.jsonl");
        assertThat(run("router", "score", "--in", data.toString(), "--out", scores.toString(), "--router", router.toString())).isZero();
        assertThat(Files.readAllLines(scores)).hasSize(120).first().asString().startsWith("{\"id\":\"m0\",\"score\":");

        assertThat(run("route", "Compute 523 * 41 - 90 and give the exact number.", "--explain", "--router", router.toString(),
                "--max-strong-share", "0.9")).isZero(); // about half the calibration items are hard
        assertThat(out.toString()).contains("tier: large", "score:", "strongest signals", "thresholds:", "why: tier 'large'", "fallbacks: small");
    }

    @Test
    void unknownModelsListTheAvailableOnes() throws IOException {
        Path data = routingFile();
        assertThat(run("eval", "router", "--data", data.toString(), "--weak", "nano", "--strong", "big")).isEqualTo(2);
        assertThat(err.toString()).contains("Unknown model(s) 'nano'", "Available models: big, tiny.");
    }

    @Test
    void badLinesAreReportedBeforeAnyWork() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.jsonl"), "{\"id\": \"a\", \"prompt\": \"x\"}\n{oops\n");
        assertThat(run("router", "train", "--data", bad.toString(), "--weak", "a", "--strong", "b", "--out", dir.resolve("r.json").toString()))
                .isEqualTo(2);
        assertThat(err.toString()).contains("2 invalid line(s)", "bad.jsonl:1: missing field 'scores'", "bad.jsonl:2: not valid JSON");
        assertThat(Files.exists(dir.resolve("r.json"))).isFalse();
    }

    @Test
    void anEmbeddingWindowBeyondWhatTheEmbedderReadsIsRefusedBeforeAnyWork() throws IOException {
        Path data = routingFile();
        Path router = dir.resolve("r.json");
        // The embedder reads at most 128 word pieces ([CLS] and [SEP] included): 126 question tokens.
        assertThat(run("router", "train", "--data", data.toString(), "--weak", "tiny", "--strong", "big", "--out", router.toString(),
                "--embedding-tokens", "127")).isEqualTo(2);
        assertThat(err.toString()).contains("--embedding-tokens must be in [8, 126], was 127");
        assertThat(Files.exists(router)).isFalse();
    }

    @Test
    void routeWithTheBuiltInRouterAndBadOptions() {
        assertThat(run("route", "hello there")).isZero();
        assertThat(out.toString()).startsWith("tier: ");
        assertThat(run("route", "hello", "--max-strong-share", "2")).isEqualTo(2);
        assertThat(err.toString()).contains("router.max-strong-share must be in [0, 1]");
        assertThat(run("route", "hello", "--router", dir.resolve("missing.json").toString())).isEqualTo(1);
        assertThat(err.toString()).contains("Router file not found");
    }
}
