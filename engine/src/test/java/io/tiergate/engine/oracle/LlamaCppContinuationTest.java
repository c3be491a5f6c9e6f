package io.tiergate.engine.oracle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tiergate.engine.generate.ContextBudget;
import io.tiergate.engine.generate.GenerationLimits;
import io.tiergate.engine.generate.GenerationListener;
import io.tiergate.engine.generate.GenerationResult;
import io.tiergate.engine.generate.GenerationSequence;
import io.tiergate.engine.generate.SequenceRunner;
import io.tiergate.engine.model.Model;
import io.tiergate.engine.model.Session;
import io.tiergate.engine.sample.SamplingParams;
import io.tiergate.engine.sample.TokenSampler;
import io.tiergate.engine.tokenizer.Tokenizer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Our engine against a current llama.cpp (node-llama-cpp's prebuilt CPU binary; the release is in the
 * reference file) on every architecture and weight type of {@link OracleModelFiles}: the greedy
 * continuation of a 45-token prompt must be identical token for token, and at every step and at
 * three prompt lengths our logits of llama.cpp's top {@code topK} tokens must lie within
 * {@link LogitTolerance} of llama.cpp's raw logits. The one allowance: where llama.cpp's best two
 * logits are closer than twice the tolerance, we may pick its runner-up ({@link #isNearTie}); the
 * step's logits are still compared and we go on with llama.cpp's token, so every later step is
 * compared on the same context. Up to the first such tie, the engine's own generation path (tokenizer,
 * greedy sampler, {@link SequenceRunner}) must produce the same tokens, stopping where llama.cpp's
 * continuation reaches an end-of-generation token. The reference was recorded once and committed
 * ({@code oracle/llama-cpp-continuations.json}), so this test needs neither npm nor llama.cpp; it
 * rewrites the same files (same seeds, checked by SHA-256) in a temporary folder.
 *
 * <p>To regenerate the reference after changing the test kit's writer, the cases or the prompt:
 * {@code engine/src/test/setup/reference-continuations.sh} (writes the files with
 * {@link OracleModelFiles#main}, then runs {@code reference-continuations.mjs} on them).
 */
class LlamaCppContinuationTest {

    private static final String REGENERATE = "regenerate the reference with engine/src/test/setup/reference-continuations.sh";

    private static JsonNode reference;

    @TempDir
    static Path dir;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = LlamaCppContinuationTest.class.getResourceAsStream("/oracle/llama-cpp-continuations.json")) {
            reference = new ObjectMapper().readTree(in);
        }
    }

    static Stream<String> files() throws IOException {
        load();
        return StreamSupport.stream(reference.path("files").spliterator(), false).map(f -> f.path("file").asText());
    }

    @Test
    void referenceCoversEveryCaseWithTheSamePrompt() {
        List<OracleModelFiles.Case> recorded = StreamSupport.stream(reference.path("files").spliterator(), false)
                .map(LlamaCppContinuationTest::caseOf).toList();
        assertThat(recorded).as("cases (architecture, types, seed, shape) in the reference; " + REGENERATE)
                .containsExactlyElementsOf(OracleModelFiles.cases());
        assertThat(ints(reference.path("prompt"))).as("prompt; " + REGENERATE).isEqualTo(OracleModelFiles.promptTokens());
        assertThat(ints(reference.path("checkpoints"))).as("checkpoints; " + REGENERATE).isEqualTo(OracleModelFiles.PROMPT_CHECKPOINTS);
        assertThat(reference.path("steps").asInt()).as("steps; " + REGENERATE).isEqualTo(OracleModelFiles.STEPS);
        assertThat(reference.path("llamaCpp").path("release").asText()).isNotBlank();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void greedyContinuationAndLogitsMatchLlamaCpp(String fileName) throws IOException {
        JsonNode f = entry(fileName);
        OracleModelFiles.Case c = caseOf(f);
        Path file = c.write(dir);
        try {
            // Checked before loading: a changed writer must fail here, not as puzzling logit differences.
            assertThat(OracleModelFiles.sha256(file)).as("%s: the test kit no longer writes the file llama.cpp saw; %s", fileName, REGENERATE)
                    .isEqualTo(f.path("sha256").asText());
            compareWithReference(file, f, LogitTolerance.of(c.types()));
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static void compareWithReference(Path file, JsonNode f, float tolerance) {
        String fileName = f.path("file").asText();
        try (Model model = Model.load(file, 2)) {
            List<String> report = new ArrayList<>();
            Session s = model.newSession(128);
            int[] prompt = OracleModelFiles.promptTokens();
            float[] logits = new float[0];
            double worst = 0;
            int fed = 0;
            for (JsonNode cp : f.path("checkpoints")) {
                int upTo = cp.path("after").asInt();
                logits = model.forward(s, Arrays.copyOfRange(prompt, fed, upTo));
                fed = upTo;
                worst = Math.max(worst, compare(report, "after " + upTo + " prompt tokens", logits, cp.path("top"), tolerance));
            }
            int[] theirs = ints(f.path("continuation"));
            int[] ours = new int[theirs.length];
            List<String> ties = new ArrayList<>();
            int agreeing = theirs.length;
            for (int i = 0; i < theirs.length; i++) {
                JsonNode top = f.path("steps").get(i);
                worst = Math.max(worst, compare(report, "step " + i, logits, top, tolerance));
                ours[i] = TokenSampler.argmax(logits);
                if (ours[i] != theirs[i] && isNearTie(top, ours[i], tolerance)) {
                    ties.add("step " + i + ": ours " + ours[i] + ", llama.cpp " + theirs[i]);
                    ours[i] = theirs[i];
                    agreeing = Math.min(agreeing, i);
                }
                // Always continue on llama.cpp's path, so every step's logits are compared on the same context.
                if (i + 1 < theirs.length) logits = model.forward(s, new int[]{theirs[i]});
            }
            System.out.printf("%s: largest logit difference to llama.cpp %.5f (tolerance %.3f), near ties chosen differently %s%n",
                    fileName, worst, tolerance, ties);
            assertThat(report).as("%s logits differing from llama.cpp's by more than %s", fileName, tolerance).isEmpty();
            assertThat(ours).as("%s greedy continuation vs llama.cpp %s", fileName, reference.path("llamaCpp").path("release").asText())
                    .isEqualTo(theirs);
            if (agreeing > 0) generatesLikeLlamaCpp(model, fileName, Arrays.copyOf(theirs, agreeing));
        }
    }

    /**
     * The same continuation through the engine's own generation path — tokenizer, the whole prompt in
     * one pass, the greedy sampler, end-of-generation handling — up to the first near tie.
     */
    private static void generatesLikeLlamaCpp(Model model, String fileName, int[] theirs) {
        Tokenizer tokenizer = Tokenizer.fromGguf(model.metadata());
        int[] prompt = tokenizer.encode(OracleModelFiles.PROMPT, false, false);
        assertThat(prompt).as("%s prompt tokens", fileName).isEqualTo(OracleModelFiles.promptTokens());
        ContextBudget budget = ContextBudget.of(prompt.length, 128, OptionalInt.of(theirs.length));
        GenerationResult r = SequenceRunner.run(model, new GenerationSequence(model.newSession(128), prompt,
                new TokenSampler(SamplingParams.greedy()), tokenizer, new GenerationLimits(budget.maxTokens(), List.of(), false, 0),
                budget, GenerationListener.NONE));
        int eog = 0;
        while (eog < theirs.length && !tokenizer.isEog(theirs[eog])) eog++;
        assertThat(r.tokens()).as("%s generated through SequenceRunner", fileName).isEqualTo(Arrays.copyOf(theirs, eog));
        assertThat(r.finishReason()).as("%s finish reason", fileName).isEqualTo(eog < theirs.length ? "stop" : "length");
    }

    /**
     * True when {@code token} is among llama.cpp's top tokens and its logit there is within twice the
     * tolerance of llama.cpp's best: both logits may then be off by the tolerance, so rounding alone
     * can order the two either way. Random weights make such near ties common (the top two of 512
     * logits spread over ±4 are typically only 0.3 apart); the logits themselves are still compared.
     */
    private static boolean isNearTie(JsonNode top, int token, float tolerance) {
        double best = top.get(0).get(1).asDouble();
        for (JsonNode pair : top) if (pair.get(0).asInt() == token) return best - pair.get(1).asDouble() < 2 * tolerance;
        return false;
    }

    /** Adds each of llama.cpp's top tokens whose logit we miss by more than {@code tolerance} (or is NaN); returns the largest miss. */
    private static double compare(List<String> report, String where, float[] ours, JsonNode top, float tolerance) {
        double worst = 0;
        for (JsonNode pair : top) {
            int id = pair.get(0).asInt();
            double diff = Math.abs(ours[id] - pair.get(1).asDouble());
            worst = Math.max(worst, diff);
            if (!(diff <= tolerance)) report.add(where + ": token " + id + " ours " + ours[id] + " llama.cpp " + pair.get(1).asDouble());
        }
        return worst;
    }

    private static OracleModelFiles.Case caseOf(JsonNode f) {
        return new OracleModelFiles.Case(f.path("architecture").asText(), f.path("types").asText(), f.path("seed").asLong(),
                f.path("wide").asBoolean());
    }

    private static JsonNode entry(String fileName) {
        for (JsonNode f : reference.path("files")) if (f.path("file").asText().equals(fileName)) return f;
        throw new IllegalArgumentException(fileName);
    }

    private static int[] ints(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).mapToInt(JsonNode::asInt).toArray();
    }
}
