package io.tiergate.engine.model;

import io.tiergate.engine.gguf.GgufFormatException;
import io.tiergate.testkit.gguf.GgufTensorType;
import io.tiergate.testkit.gguf.GgufWriter;
import io.tiergate.testkit.gguf.SyntheticModelShape;
import io.tiergate.testkit.gguf.SyntheticModelWriter;
import io.tiergate.testkit.gguf.SyntheticVocabulary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TransformerForwardTest {

    @TempDir
    Path dir;

    private Path tiny(String arch, GgufTensorType type) {
        return SyntheticModelWriter.write(dir.resolve(arch + "-" + type + ".gguf"), SyntheticModelShape.tiny(arch), type, 42);
    }

    private static void assertClose(float[] actual, float[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        double maxDiff = 0;
        double maxAbs = 0;
        for (int i = 0; i < actual.length; i++) {
            assertThat(Float.isFinite(actual[i])).isTrue();
            maxDiff = Math.max(maxDiff, Math.abs(actual[i] - expected[i]));
            maxAbs = Math.max(maxAbs, Math.abs(expected[i]));
        }
        assertThat(maxDiff).isLessThan(1e-3 * Math.max(1, maxAbs));
    }

    @ParameterizedTest
    @CsvSource({"llama,F32", "llama,Q8_0", "qwen2,F16", "qwen2,Q4_K", "qwen3,Q6_K", "gemma3,Q8_0", "gemma3,BF16", "llama,Q5_K", "qwen3,Q4_0"})
    void promptInOneBatchGivesTheSameLogitsAsTokenByToken(String arch, GgufTensorType type) {
        try (Model m = Model.load(tiny(arch, type), 2)) {
            assertThat(m.config().architecture()).isEqualTo(arch);
            int[] prompt = SyntheticVocabulary.encode("The quick brown fox jumps over the lazy dog.");
            float[] batched = m.forward(m.newSession(128), prompt);
            Session s = m.newSession(128);
            float[] last = null;
            for (int tok : prompt) last = m.forward(s, new int[]{tok});
            assertThat(s.length()).isEqualTo(prompt.length);
            assertClose(batched, last);
            float spread = 0;
            for (float v : batched) spread = Math.max(spread, Math.abs(v - batched[0]));
            assertThat(spread).as("logits are not all equal").isGreaterThan(1e-3f);
        }
    }

    @Test
    void sequencesBatchedTogetherMatchSequencesRunAlone() {
        try (Model m = Model.load(tiny("qwen2", GgufTensorType.Q8_0), 2)) {
            int[] a = SyntheticVocabulary.encode("alpha beta");
            int[] b = SyntheticVocabulary.encode("a different, longer prompt");
            float[] aloneA = m.forward(m.newSession(64), a);
            float[] aloneB = m.forward(m.newSession(64), b);
            Session sa = m.newSession(64);
            Session sb = m.newSession(64);
            float[][] both = m.forward(List.of(new Segment(sa, a), new Segment(sb, b)));
            assertClose(both[0], aloneA);
            assertClose(both[1], aloneB);
            // continue both by one token in one batch
            float[][] next = m.forward(List.of(new Segment(sa, new int[]{5}), new Segment(sb, new int[]{6})));
            Session ra = m.newSession(64);
            m.forward(ra, a);
            assertClose(next[0], m.forward(ra, new int[]{5}));
        }
    }

    @Test
    void rejectsAnUnsupportedArchitectureByName() {
        Path p = new GgufWriter().putString("general.architecture", "mamba").write(dir.resolve("mamba.gguf"));
        assertThatThrownBy(() -> Model.load(p, 1)).isInstanceOf(GgufFormatException.class)
                .hasMessageContaining("unsupported architecture 'mamba'").hasMessageContaining("llama, qwen2, qwen3, gemma3");
    }

    @Test
    void rejectsAMissingTensorByName() {
        Path p = new GgufWriter().putString("general.architecture", "llama").putUint32("llama.embedding_length", 256)
                .putUint32("llama.block_count", 1).putUint32("llama.attention.head_count", 4).putUint32("llama.feed_forward_length", 512)
                .putUint32("llama.context_length", 64).putUint32("llama.vocab_size", 8)
                .tensor("token_embd.weight", GgufTensorType.F32, new long[]{256, 8}, new float[256 * 8])
                .write(dir.resolve("partial.gguf"));
        assertThatThrownBy(() -> Model.load(p, 1)).isInstanceOf(GgufFormatException.class)
                .hasMessageContaining("tensor 'blk.0.attn_norm.weight' is missing");
    }

    @Test
    void sessionRefusesToGrowPastItsContext() {
        try (Model m = Model.load(tiny("llama", GgufTensorType.F32), 1)) {
            Session s = m.newSession(8);
            int[] nine = new int[9];
            Arrays.fill(nine, 10);
            assertThatThrownBy(() -> m.forward(s, nine)).hasMessageContaining("exceeds the context of 8");
        }
    }
}
