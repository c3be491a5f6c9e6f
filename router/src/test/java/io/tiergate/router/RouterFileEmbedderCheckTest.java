package io.tiergate.router;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tiergate.api.TiergateException;
import io.tiergate.router.features.MiniLmSentenceEmbedder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A router file records the embeddings it was trained on and is refused by an embedder that gives other ones. The
 * mismatching files are the shipped one with one field changed.
 */
class RouterFileEmbedderCheckTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    /** The shipped file as a JSON tree, changed by {@code edit} and written to {@code name}. */
    private Path shippedWith(String name, Consumer<ObjectNode> edit) throws IOException {
        ObjectNode tree;
        try (InputStream in = RouterFiles.class.getResourceAsStream("/io/tiergate/router/default-router.json")) {
            tree = (ObjectNode) JSON.readTree(in);
        }
        edit.accept(tree);
        Path out = dir.resolve(name);
        JSON.writeValue(out.toFile(), tree);
        return out;
    }

    @Test
    void theShippedFileSaysWhatItWasTrainedOnAndLoadsForTheSharedEmbedder() {
        RouterFile f = RouterFiles.builtIn();
        assertThat(List.of(f.embeddingModel(), f.embeddingLayers(), f.embeddingDimension(), f.embeddingTokens()))
                .containsExactly("all-minilm-l6-v2-q", 3, 384, 32);
        assertThat(MiniLmSentenceEmbedder.sharedSignature().model()).isEqualTo(f.embeddingModel());
        assertThat(MiniLmSentenceEmbedder.sharedSignature().layers()).isEqualTo(f.embeddingLayers());
        assertThat(RouterFiles.load(RouterFiles.BUILT_IN, MiniLmSentenceEmbedder.signature(3)).embeddingLayers()).isEqualTo(3);
    }

    @Test
    void aFileTrainedOnOtherLayersIsRefusedNamingTheFileTheFieldAndBothSides() throws IOException {
        Path six = shippedWith("six-layers.json", t -> t.put("embeddingLayers", 6));
        assertThatThrownBy(() -> RouterFiles.load(six.toString()))
                .isInstanceOf(TiergateException.class)
                .hasMessageStartingWith("Router file " + six + " does not fit the embedder")
                .hasMessageContaining("'embeddingLayers' 6, but the embedder runs 3 layers")
                .hasMessageContaining("retrain", "tiergate router train")
                .satisfies(e -> assertThat(((TiergateException) e).code()).contains("router_file_invalid"));
        // the same file is right for a 6-layer embedder; the shipped 3-layer file is not
        assertThat(RouterFiles.load(six.toString(), MiniLmSentenceEmbedder.signature(6)).embeddingLayers()).isEqualTo(6);
        assertThatThrownBy(() -> RouterFiles.load(RouterFiles.BUILT_IN, MiniLmSentenceEmbedder.signature(6)))
                .hasMessageStartingWith("Router file built-in does not fit the embedder")
                .hasMessageContaining("'embeddingLayers' 3, but the embedder runs 6 layers");
    }

    @Test
    void aTokenBudgetBeyondTheEmbeddersInputIsRefused() throws IOException {
        // the tokenizer encodes at most 128 word pieces: 300 tokens of plain text would lose their end
        Path many = shippedWith("many-tokens.json", t -> t.put("embeddingTokens", 300));
        assertThatThrownBy(() -> RouterFiles.load(many.toString()))
                .isInstanceOf(TiergateException.class)
                .hasMessageContaining("Router file " + many)
                .hasMessageContaining("'embeddingTokens' 300, but the embedder takes at most 126");
        Path most = shippedWith("most-tokens.json", t -> t.put("embeddingTokens", 126));
        assertThat(RouterFiles.load(most.toString()).embeddingTokens()).isEqualTo(126);
    }

    @Test
    void anotherDimensionOrModelIsRefusedAndEveryDifferenceIsNamed() throws IOException {
        // 768 values (a larger encoder): the standardizer holds 15 + 768 values, so the file itself is consistent
        Path wide = shippedWith("wide.json", t -> {
            t.put("embeddingModel", "all-mpnet-base-v2").put("embeddingDimension", 768);
            for (String field : List.of("mean", "scale")) {
                ArrayNode values = (ArrayNode) t.path("standardizer").path(field);
                while (values.size() < 15 + 768) values.add(1.0);
            }
        });
        assertThatThrownBy(() -> RouterFiles.load(wide.toString()))
                .isInstanceOf(TiergateException.class)
                .hasMessageContaining("Router file " + wide)
                .hasMessageContaining("'embeddingModel' all-mpnet-base-v2, but the embedder's model is all-minilm-l6-v2-q")
                .hasMessageContaining("'embeddingDimension' 768, but the embedder gives 384 values")
                .hasMessageNotContaining("embeddingLayers");
        // a dimension the file's own standardizer does not hold is refused as an invalid file
        Path inconsistent = shippedWith("inconsistent.json", t -> t.put("embeddingDimension", 768));
        assertThatThrownBy(() -> RouterFiles.load(inconsistent.toString()))
                .hasMessageContaining("is not a valid router")
                .hasMessageContaining("'standardizer' must hold 783 means and scales ('shapeFeatures' 15 + 'embeddingDimension' 768), has 399 and 399");
    }

    @Test
    void anOlderFileWithoutTheFieldsIsReadAsTheThreeLayerInt8ModelItWasTrainedOn() throws IOException {
        Path old = shippedWith("before-fields.json", t -> t.remove(List.of("embeddingModel", "embeddingLayers", "embeddingDimension")));
        RouterFile f = RouterFiles.load(old.toString());
        assertThat(List.of(f.embeddingModel(), f.embeddingLayers(), f.embeddingDimension())).containsExactly("all-minilm-l6-v2-q", 3, 384);
        assertThat(JSON.writeValueAsString(f)).isEqualTo(JSON.writeValueAsString(RouterFiles.builtIn()));
        // ... and so refused by a 6-layer embedder like any 3-layer file
        assertThatThrownBy(() -> RouterFiles.load(old.toString(), MiniLmSentenceEmbedder.signature(6)))
                .hasMessageContaining("'embeddingLayers' 3, but the embedder runs 6 layers");
    }

    @Test
    void aScorerRefusesAFileItsEmbedderDoesNotFit() {
        MiniLmSentenceEmbedder sixLayers = MiniLmSentenceEmbedder.withLayers(6); // a real second model, ~1 s
        RouterFile shipped = RouterFiles.builtIn();
        assertThatThrownBy(() -> new LearnedDifficultyScorer(shipped, "router.json", sixLayers))
                .isInstanceOf(TiergateException.class)
                .hasMessageStartingWith("Router file router.json does not fit the embedder")
                .hasMessageContaining("'embeddingLayers' 3, but the embedder runs 6 layers");
        assertThatThrownBy(() -> new LearnedDifficultyScorer(shipped, sixLayers))
                .hasMessageContaining("of model 'logistic(l2=0.01/1.0)'");
    }
}
