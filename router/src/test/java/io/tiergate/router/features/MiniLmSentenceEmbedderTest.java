package io.tiergate.router.features;

import dev.langchain4j.model.embedding.onnx.AbstractInProcessEmbeddingModel;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The real int8 MiniLM weights: the layer cut, the word-piece cap and the pooled vectors. */
class MiniLmSentenceEmbedderTest {

    @Test
    void theSharedEmbedderRunsTheFirstThreeLayersAndGivesUnitVectors() {
        MiniLmSentenceEmbedder shared = MiniLmSentenceEmbedder.shared();
        assertThat(shared.layers()).isEqualTo(MiniLmSentenceEmbedder.DEFAULT_LAYERS).isEqualTo(3);
        assertThat(shared.modelName()).isEqualTo(MiniLmSentenceEmbedder.MODEL_NAME).isEqualTo("all-minilm-l6-v2-q-3-layers");
        float[] v = shared.embed("What is the integral of x squared from 0 to 3?");
        assertThat(v).hasSize(MiniLmSentenceEmbedder.DIMENSION);
        assertThat(norm(v)).isCloseTo(1.0, within(1e-4));
        assertThat(shared.embed("What is the integral of x squared from 0 to 3?")).isEqualTo(v);
        assertThat(shared.embed("   ")).containsOnly(0f);
    }

    @Test
    void fewerLayersGiveADifferentButRelatedEmbedding() {
        String text = "Summarize the causes of the French revolution in three bullet points.";
        float[] three = MiniLmSentenceEmbedder.shared().embed(text);
        float[] six = MiniLmSentenceEmbedder.withLayers(6).embed(text);
        assertThat(six).isNotEqualTo(three);
        assertThat(norm(six)).isCloseTo(1.0, within(1e-4));
        // Same weights for the first layers: similar texts stay closer than unrelated ones in both.
        float[] sixOther = MiniLmSentenceEmbedder.withLayers(6).embed("def add(a, b): return a + b  # fix the bug");
        assertThat(dot(six, sixOther)).isLessThan(0.5);
    }

    @Test
    void textWithManyWordPiecesIsCappedAtTwiceTheBudget() {
        // 64 characters without spaces, one word piece each: far over the 2 × 16 + 2 cap, so what differs
        // after the 34th word piece is not embedded.
        String prefix = "1,2,3,4,5,6,7,8,9,1,2,3,4,5,6,7,8,9,1,2,3,4,5,6,7,8,9,1,2,3,4,5,6,7,8,9,1,2,3,4,5,";
        String a = prefix + "a".repeat(64);
        String b = prefix + "z".repeat(64);
        MiniLmSentenceEmbedder e = MiniLmSentenceEmbedder.shared();
        assertThat(e.embed(a, 16)).isEqualTo(e.embed(b, 16));
        // A difference inside the first 32 word pieces is embedded.
        assertThat(e.embed("9" + a.substring(1), 16)).isNotEqualTo(e.embed(a, 16));
    }

    @Test
    void theEndOfATextIsCutAtAWordBoundary() {
        String text = "Some long context about parcels and returns. Which option minimises the monthly cost of returns?";
        String end = MiniLmSentenceEmbedder.truncateStart(text, 8);
        assertThat(end).isEqualTo("the monthly cost of returns?");
        assertThat(MiniLmSentenceEmbedder.truncateStart("short", 8)).isEqualTo("short");
        assertThat(MiniLmSentenceEmbedder.truncateStart("x".repeat(100), 8)).hasSize(32);
        MiniLmSentenceEmbedder e = MiniLmSentenceEmbedder.shared();
        assertThat(e.embedEnd(text, 8)).isEqualTo(e.embed(end, 8));
    }

    @Test
    void theLayerCutKeepsTheWholeGraphWhenAskedForAllLayersAndShrinksItOtherwise() throws IOException {
        byte[] model;
        try (InputStream in = AbstractInProcessEmbeddingModel.class.getResourceAsStream("/all-minilm-l6-v2-q.onnx")) {
            model = in.readAllBytes();
        }
        assertThat(OnnxBertLayerCut.firstLayers(model, 6)).isSameAs(model);
        byte[] three = OnnxBertLayerCut.firstLayers(model, 3);
        // Roughly half the layer weights go (the 12 MB word-embedding table stays).
        assertThat(three.length).isLessThan(model.length * 4 / 5);
        assertThatThrownBy(() -> OnnxBertLayerCut.firstLayers(model, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> OnnxBertLayerCut.firstLayers(new byte[] {0x3a, 0x7f, 1, 2}, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("truncated");
        assertThatThrownBy(() -> MiniLmSentenceEmbedder.withLayers(7)).isInstanceOf(IllegalArgumentException.class);
    }

    private static double norm(float[] v) {
        return Math.sqrt(dot(v, v));
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }
}
