package io.tiergate.backends.openai;

import io.tiergate.api.ChatResponse;
import io.tiergate.backends.openai.OpenAiChunkReaderEquivalenceTest.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The streaming reader of whole answers gives exactly what the tree reader it replaced gave
 * ({@link TreeReaders#readChatResponse}): the same records, or the same exception type and message, for every
 * shape in {@link ResponseShapes} and, as bodies, every stream-event shape in {@link ChunkShapes}.
 */
class OpenAiResponseReaderEquivalenceTest {
    static Stream<Arguments> shapes() {
        return Stream.of(ResponseShapes.shapes(), ChunkShapes.realServers(), ChunkShapes.oddShapes()).flatMap(s -> s);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void readChatResponseMatchesTheTreeReader(String name, byte[] body) {
        assertThat(Outcome.of(() -> OpenAiJson.readChatResponse(body))).isEqualTo(Outcome.of(() -> TreeReaders.readChatResponse(body)));
    }

    /** The table is not vacuous: counted by what the tree reader made of it (answers, refusals for lack of choices, malformed JSON). */
    @Test
    void theShapesCoverAnswersAndBothKindsOfProtocolError() {
        List<Outcome> outcomes = shapes().map(a -> Outcome.of(() -> TreeReaders.readChatResponse((byte[]) a.get()[1]))).toList();
        long answers = outcomes.stream().filter(o -> o.value() instanceof ChatResponse).count();
        long noChoices = outcomes.stream().filter(o -> "chat completion without a 'choices' array".equals(o.message())).count();
        long malformed = outcomes.stream().filter(o -> o.message() != null && o.message().startsWith("upstream sent malformed JSON")).count();
        assertThat(List.of(answers, noChoices, malformed)).containsExactly(116L, 53L, 19L);
    }
}
