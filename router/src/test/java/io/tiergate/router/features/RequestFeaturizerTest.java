package io.tiergate.router.features;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which part of the last user message is embedded (real int8 MiniLM weights). */
class RequestFeaturizerTest {
    private final MiniLmSentenceEmbedder embedder = MiniLmSentenceEmbedder.shared();

    @Test
    void aMultipleChoiceQuestionIsEmbeddedByTheEndOfItsQuestionNotItsOptions() {
        String question = "A stock is valued at $12 with 20% annual volatility. Using a binomial lattice, what is the call price?\n";
        String message = question + "A. 50.0\nB. 60.0\nC. 55.0\nAnswer:";
        assertThat(RequestFeaturizer.embedding(embedder, message, 16)).isEqualTo(embedder.embedEnd(question, 16));
        assertThat(RequestFeaturizer.embedding(embedder, message, 16)).isNotEqualTo(embedder.embedEnd(message, 16));
    }

    @Test
    void aMessageWithoutChoicesIsEmbeddedByItsEndAndOneStartingWithChoicesWhole() {
        String chat = "Here is my draft email to the landlord about the broken heater. Can you make it more polite?";
        assertThat(RequestFeaturizer.embedding(embedder, chat, 16)).isEqualTo(embedder.embedEnd(chat, 16));
        String onlyChoices = "A. apples\nB. pears";
        assertThat(RequestFeaturizer.embedding(embedder, onlyChoices, 16)).isEqualTo(embedder.embedEnd(onlyChoices, 16))
                .isNotEqualTo(new float[MiniLmSentenceEmbedder.DIMENSION]);
        assertThat(RequestFeaturizer.embedding(embedder, "", 16)).containsOnly(0f);
    }
}
