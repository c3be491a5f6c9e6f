package io.tiergate.router.features;

import dev.langchain4j.model.embedding.onnx.bgesmallenv15q.BgeSmallEnV15QuantizedEmbeddingModel;
import dev.langchain4j.model.embedding.onnx.e5smallv2q.E5SmallV2QuantizedEmbeddingModel;
import io.tiergate.api.TiergateException;
import io.tiergate.router.RouterFiles;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static io.tiergate.router.features.MiniLmSentenceEmbedderTest.dot;
import static io.tiergate.router.features.MiniLmSentenceEmbedderTest.norm;

/**
 * The real int8 BGE-small and e5-small weights through the router's embedding path: at full depth the vectors are
 * LangChain4j's own (so pooling and prefix are right), cut ones differ, and names are checked.
 */
class OtherEncodersTest {
    private static final String TEXT = "What is the minimum probability that both events happen?";

    @Test
    void bgeAtFullDepthIsLangChain4jsBgeWithClsPooling() {
        MiniLmSentenceEmbedder bge = MiniLmSentenceEmbedder.of(EncoderWeights.BGE_SMALL, 12);
        float[] ours = bge.embedEnd(TEXT, 32);
        float[] theirs = new BgeSmallEnV15QuantizedEmbeddingModel().embed(TEXT).content().vector();
        assertThat(ours).hasSize(384);
        assertThat(dot(ours, theirs)).isCloseTo(1.0, within(1e-4));
        assertThat(bge.signature()).isEqualTo(MiniLmSentenceEmbedder.signature(EncoderWeights.BGE_SMALL, 12))
                .isEqualTo(new EmbeddingSignature("bge-small-en-v1.5-q", 12, 384, 510));
        assertThat(bge.modelName()).isEqualTo("bge-small-en-v1.5-q");
    }

    @Test
    void e5AtFullDepthIsLangChain4jsE5OfTheQueryPrefixedText() {
        MiniLmSentenceEmbedder e5 = MiniLmSentenceEmbedder.of(EncoderWeights.E5_SMALL, 12);
        float[] ours = e5.embedEnd(TEXT, 32);
        E5SmallV2QuantizedEmbeddingModel theirs = new E5SmallV2QuantizedEmbeddingModel();
        assertThat(dot(ours, theirs.embed("query: " + TEXT).content().vector())).isCloseTo(1.0, within(1e-4));
        // without the prefix it is a different vector: the prefix is really applied
        assertThat(dot(ours, theirs.embed(TEXT).content().vector())).isLessThan(0.999);
        assertThat(e5.embedEnd("  ", 32)).containsOnly(0f);
    }

    @Test
    void aCutBgeRunsFewerLayersAndIsNamedForThem() {
        MiniLmSentenceEmbedder three = MiniLmSentenceEmbedder.of(EncoderWeights.BGE_SMALL, 3);
        float[] cut = three.embedEnd(TEXT, 32);
        float[] full = MiniLmSentenceEmbedder.of(EncoderWeights.BGE_SMALL, 12).embedEnd(TEXT, 32);
        assertThat(norm(cut)).isCloseTo(1.0, within(1e-4));
        assertThat(dot(cut, full)).isLessThan(0.99);
        assertThat(three.signature()).isEqualTo(new EmbeddingSignature("bge-small-en-v1.5-q", 3, 384, 510));
        assertThat(three.modelName()).isEqualTo("bge-small-en-v1.5-q-3-layers");
        assertThat(three.weights()).isSameAs(EncoderWeights.BGE_SMALL);
    }

    @Test
    void unknownNamesAndLayerCountsAreRefusedWithTheChoices() {
        assertThat(EncoderWeights.byId(" BGE-small-en-v1.5-q")).isSameAs(EncoderWeights.BGE_SMALL);
        assertThat(EncoderWeights.byId("all-minilm-l6-v2-q")).isSameAs(EncoderWeights.MINILM);
        assertThatThrownBy(() -> EncoderWeights.byId("bge-large"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown embedding model 'bge-large'; choose one of all-minilm-l6-v2-q, bge-small-en-v1.5-q, e5-small-v2-q");
        assertThatThrownBy(() -> MiniLmSentenceEmbedder.of(EncoderWeights.E5_SMALL, 13))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("layers must be in [1, 12] for e5-small-v2-q, was 13");
        assertThatThrownBy(() -> MiniLmSentenceEmbedder.of(EncoderWeights.MINILM, 0)).isInstanceOf(IllegalArgumentException.class);
        // what a trainer's --embedding option gets: the shared instance for the default, the same refusals otherwise
        assertThat(MiniLmSentenceEmbedder.named("all-minilm-l6-v2-q", 3)).isSameAs(MiniLmSentenceEmbedder.shared());
        assertThat(MiniLmSentenceEmbedder.named("e5-small-v2-q", 2).signature())
                .isEqualTo(new EmbeddingSignature("e5-small-v2-q", 2, 384, 510));
        assertThatThrownBy(() -> MiniLmSentenceEmbedder.named("minilm", 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown embedding model 'minilm'; choose one of");
        assertThatThrownBy(() -> MiniLmSentenceEmbedder.named("all-minilm-l6-v2-q", 12))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("layers must be in [1, 6] for all-minilm-l6-v2-q, was 12");
    }

    @Test
    void theShippedMiniLmRouterIsRefusedByAnotherEncoder() {
        assertThatThrownBy(() -> RouterFiles.load(RouterFiles.BUILT_IN, MiniLmSentenceEmbedder.signature(EncoderWeights.BGE_SMALL, 3)))
                .isInstanceOf(TiergateException.class)
                .hasMessageContaining("'embeddingModel' all-minilm-l6-v2-q, but the embedder's model is bge-small-en-v1.5-q");
        // MiniLM's own signature is unchanged by the choice
        assertThat(MiniLmSentenceEmbedder.signature(EncoderWeights.MINILM, 3)).isEqualTo(MiniLmSentenceEmbedder.sharedSignature());
    }
}
