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
        assertThat(shared.modelName()).isEqualTo("all-minilm-l6-v2-q-3-layers");
        assertThat(MiniLmSentenceEmbedder.modelName(6)).isEqualTo("all-minilm-l6-v2-q");
        // what router files are checked against without loading the model is what the loaded one is
        assertThat(shared.signature()).isEqualTo(MiniLmSentenceEmbedder.sharedSignature())
                .isEqualTo(new EmbeddingSignature("all-minilm-l6-v2-q", 3, 384, 126));
        float[] v = shared.embedEnd("What is the integral of x squared from 0 to 3?", 16);
        assertThat(v).hasSize(MiniLmSentenceEmbedder.DIMENSION);
        assertThat(norm(v)).isCloseTo(1.0, within(1e-4));
        assertThat(shared.embedEnd("What is the integral of x squared from 0 to 3?", 16)).isEqualTo(v);
        assertThat(shared.embedEnd("   ", 16)).containsOnly(0f);
        assertThat(shared.embedEnd("", 16)).containsOnly(0f);
    }

    @Test
    void fewerLayersGiveADifferentButRelatedEmbedding() {
        String text = "Summarize the causes of the French revolution in three bullet points.";
        MiniLmSentenceEmbedder allLayers = MiniLmSentenceEmbedder.withLayers(6);
        float[] three = MiniLmSentenceEmbedder.shared().embedEnd(text, 16);
        float[] six = allLayers.embedEnd(text, 16);
        assertThat(six).isNotEqualTo(three);
        assertThat(norm(six)).isCloseTo(1.0, within(1e-4));
        // Same weights for the first layers: similar texts stay closer than unrelated ones in both.
        float[] sixOther = allLayers.embedEnd("def add(a, b): return a + b  # fix the bug", 16);
        assertThat(dot(six, sixOther)).isLessThan(0.5);
        assertThat(dot(three, six)).isGreaterThan(dot(six, sixOther));
    }

    @Test
    void textWithManyWordPiecesIsCappedAtTwiceTheBudget() {
        // A 64-character window without spaces, one word piece a character: far over the 2 × 16 + 2 cap, so the
        // window's last character (its 64th word piece) is not embedded; the cap keeps the window's start.
        String window = "1,2,3,4,5,6,7,8,9,".repeat(4).substring(0, 63);
        MiniLmSentenceEmbedder e = MiniLmSentenceEmbedder.shared();
        assertThat(e.embedEnd(window + "a", 16)).isEqualTo(e.embedEnd(window + "z", 16));
        // A difference inside the first 32 word pieces is embedded.
        assertThat(e.embedEnd("9" + window.substring(1) + "a", 16)).isNotEqualTo(e.embedEnd(window + "a", 16));
    }

    @Test
    void theEndOfATextIsCutAtAWordBoundary() {
        String text = "Some long context about parcels and returns. Which option minimises the monthly cost of returns?";
        String end = MiniLmSentenceEmbedder.truncateStart(text, 8);
        assertThat(end).isEqualTo("the monthly cost of returns?");
        assertThat(MiniLmSentenceEmbedder.truncateStart("short", 8)).isEqualTo("short");
        // a prefix is cut exactly as a copy of it would be (routing embeds the question without copying it out)
        for (int prefix : new int[] {0, 5, 31, 32, 33, 44, 60, text.length()}) {
            assertThat(MiniLmSentenceEmbedder.truncateStart(text, prefix, 8)).as("prefix %d", prefix)
                    .isEqualTo(MiniLmSentenceEmbedder.truncateStart(text.substring(0, prefix), 8));
        }
        assertThat(MiniLmSentenceEmbedder.truncateStart("x".repeat(100), 8)).hasSize(32);
        MiniLmSentenceEmbedder e = MiniLmSentenceEmbedder.shared();
        assertThat(e.embedEnd(text, 8)).isEqualTo(e.embedEnd(end, 8))
                .isNotEqualTo(e.embedEnd("Some long context about parcels and returns.", 8));
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

    static double norm(float[] v) {
        return Math.sqrt(dot(v, v));
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }
}
