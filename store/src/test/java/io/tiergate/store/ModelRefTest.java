package io.tiergate.store;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelRefTest {

    @Test
    void parsesOllamaHuggingFaceSyntaxWithQuantization() {
        ModelRef r = ModelRef.parse("hf.co/Qwen/Qwen3-0.6B-GGUF:q8_0");
        assertThat(r.repo()).isEqualTo("Qwen/Qwen3-0.6B-GGUF");
        assertThat(r.selector()).isEqualTo(new FileSelector.ByQuantization("Q8_0"));
        assertThat(r.name()).isEqualTo("hf.co/Qwen/Qwen3-0.6B-GGUF:Q8_0");
        assertThat(r.revision()).isEqualTo("main");
    }

    @Test
    void defaultsToQ4KMWhenQuantizationIsOmitted() {
        assertThat(ModelRef.parse("huggingface.co/bartowski/Llama-3.2-1B-Instruct-GGUF").selector())
                .isEqualTo(new FileSelector.ByQuantization("Q4_K_M"));
        assertThat(ModelRef.parse("bartowski/Llama-3.2-1B-Instruct-GGUF").name())
                .isEqualTo("hf.co/bartowski/Llama-3.2-1B-Instruct-GGUF:Q4_K_M");
        assertThat(ModelRef.parse("https://huggingface.co/org/repo:Q5_K_S").repo()).isEqualTo("org/repo");
    }

    @Test
    void parsesExplicitFileReferences() {
        ModelRef r = ModelRef.parse("ggml-org/gemma-3-1b-it-GGUF/gemma-3-1b-it-Q4_K_M.gguf");
        assertThat(r.repo()).isEqualTo("ggml-org/gemma-3-1b-it-GGUF");
        assertThat(r.selector()).isEqualTo(new FileSelector.ByFile("gemma-3-1b-it-Q4_K_M.gguf"));
        assertThat(ModelRef.parse("hf.co/org/repo/sub/dir/model.GGUF").selector())
                .isEqualTo(new FileSelector.ByFile("sub/dir/model.GGUF"));
    }

    @Test
    void resolvesEveryCatalogueAliasToAHubRepository() {
        ModelCatalogue c = ModelCatalogue.builtIn();
        assertThat(c.aliases()).contains("qwen3:0.6b", "qwen3:1.7b", "qwen3:4b", "smollm2:135m", "smollm2:360m",
                "smollm2:1.7b", "gemma3:1b", "llama3.2:1b", "llama3.2:3b", "qwen2.5:0.5b", "qwen2.5:1.5b",
                "qwen2.5-coder:1.5b", "phi4-mini");
        for (String alias : c.aliases()) {
            ModelRef r = ModelRef.parse(alias);
            assertThat(r.name()).isEqualTo(alias);
            assertThat(r.repo()).contains("/").endsWithIgnoringCase("-GGUF");
        }
        ModelRef q = ModelRef.parse("Qwen3:0.6B");
        assertThat(q.repo()).isEqualTo("Qwen/Qwen3-0.6B-GGUF");
        assertThat(q.selector()).isEqualTo(new FileSelector.ByQuantization("Q8_0"));
        assertThat(q.name()).isEqualTo("qwen3:0.6b");
    }

    @Test
    void unknownAliasListsTheCatalogue() {
        assertThatThrownBy(() -> ModelRef.parse("mistral:7b"))
                .isInstanceOf(ModelStoreException.class)
                .hasMessageContaining("unknown model alias 'mistral:7b'")
                .hasMessageContaining("qwen3:0.6b").hasMessageContaining("smollm2:360m");
    }

    @Test
    void rejectsMalformedReferencesWithClearMessages() {
        assertThatThrownBy(() -> ModelRef.parse("  ")).hasMessageContaining("model reference is empty");
        assertThatThrownBy(() -> ModelRef.parse("org/")).hasMessageContaining("is not a model reference");
        assertThatThrownBy(() -> ModelRef.parse("org/repo/weights.bin")).hasMessageContaining("must be a .gguf file");
        assertThatThrownBy(() -> ModelRef.parse("org/re po:Q4")).hasMessageContaining("not a valid Hub name");
        assertThatThrownBy(() -> ModelRef.parse("org/repo/../../etc/x.gguf")).hasMessageContaining("not a valid Hub name");
        assertThatThrownBy(() -> ModelRef.parse("hf.co/org/repo:Q4 K")).hasMessageContaining("is not a quantization name");
        ModelStoreException e = (ModelStoreException) org.assertj.core.api.Assertions.catchThrowable(() -> ModelRef.parse("org/"));
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.type()).isEqualTo("invalid_request_error");
    }
}
