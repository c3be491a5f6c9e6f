package io.tiergate.backends.openai;

import io.tiergate.api.ChatChunk;
import io.tiergate.backends.http.ChatEventDecoder.Step;
import io.tiergate.backends.http.SseReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static io.tiergate.backends.openai.ChunkShapes.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The streaming chunk reader gives exactly what the tree reader it replaced gave ({@link TreeReaders}):
 * the same records, the same error steps, the same exception types and messages, for every shape in
 * {@link ChunkShapes}.
 */
class OpenAiChunkReaderEquivalenceTest {
    /** What a call gave: a value, or an exception's type and message. */
    record Outcome(Object value, Class<?> thrown, String message) {
        static Outcome of(Supplier<?> call) {
            try {
                return new Outcome(call.get(), null, null);
            } catch (RuntimeException e) {
                return new Outcome(null, e.getClass(), e.getMessage());
            }
        }
    }

    static Stream<Arguments> shapes() {
        return Stream.concat(ChunkShapes.realServers(), ChunkShapes.oddShapes());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void decoderStepsMatchTheTreeDecoder(String name, byte[] event) {
        Outcome expected = Outcome.of(() -> TreeReaders.decode(event));
        Outcome actual = Outcome.of(() -> new OpenAiEventDecoder().decode(new SseReader.Event("message", event)));
        assertThat(actual).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void readChatChunkMatchesTheTreeReader(String name, byte[] event) {
        assertThat(Outcome.of(() -> OpenAiJson.readChatChunk(event))).isEqualTo(Outcome.of(() -> TreeReaders.readChatChunk(event)));
    }

    /** One decoder reads a whole stream, as in a call: its id and model reuse must not leak between events. */
    @Test
    void oneDecoderOverAWholeStreamMatchesEventByEvent() {
        OpenAiEventDecoder decoder = new OpenAiEventDecoder();
        List<byte[]> events = shapes().map(a -> (byte[]) a.get()[1]).toList();
        for (int round = 0; round < 2; round++) {
            for (byte[] event : events) {
                assertThat(Outcome.of(() -> decoder.decode(new SseReader.Event("message", event))))
                        .isEqualTo(Outcome.of(() -> TreeReaders.decode(event)));
            }
        }
    }

    /** The table is not vacuous: counted by what the tree reader made of it (chunks, error steps, malformed JSON, bad events). */
    @Test
    void theShapesCoverChunksErrorEventsAndProtocolErrors() {
        List<Outcome> outcomes = shapes().map(a -> Outcome.of(() -> TreeReaders.decode((byte[]) a.get()[1]))).toList();
        long chunks = outcomes.stream().filter(o -> o.value() instanceof Step.Emit).count();
        long errorSteps = outcomes.stream().filter(o -> o.value() instanceof Step.Fail).count();
        long malformed = outcomes.stream().filter(o -> o.message() != null && o.message().startsWith("upstream sent malformed JSON")).count();
        long badEvents = outcomes.stream().filter(o -> o.message() != null && (o.message().startsWith("bad stream event")
                || o.message().equals("stream event is not a JSON object"))).count();
        assertThat(List.of(chunks, errorSteps, malformed, badEvents)).containsExactly(100L, 9L, 18L, 10L);
    }

    @Test
    void readsATypicalToolCallFragment() {
        ChatChunk c = OpenAiJson.readChatChunk(json("{'id':'i','model':'m','created':3,'choices':[{'index':0,'delta':{'tool_calls':"
                + "[{'index':1,'id':'call_1','type':'function','function':{'name':'f','arguments':'{\\'a'}}]},'finish_reason':null}]}"));
        assertThat(c.choices().getFirst().toolCalls())
                .containsExactly(new ChatChunk.ToolCallDelta(1, java.util.Optional.of("call_1"), java.util.Optional.of("f"), "{\"a"));
        assertThat(c.createdEpochSeconds()).isEqualTo(3);
    }
}
