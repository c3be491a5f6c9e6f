package io.tiergate.bench.backends;

import io.tiergate.api.ChatChunk;
import io.tiergate.api.ChatResponse;
import io.tiergate.backends.http.SseReader;
import io.tiergate.backends.openai.OpenAiJson;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * CPU per upstream stream event on the OpenAI-compatible backend's read path: decoding one
 * {@code chat.completion.chunk} (a typical content delta, 259 bytes, and a tool-call delta, 374 bytes)
 * into our {@link ChatChunk}, and splitting a 1,000-event SSE body (content deltas, CRLF-free, as vLLM and
 * OpenAI send them) into events; and, for the non-streaming path, one whole chat.completion answer (687 bytes).
 * Run with {@code -prof gc} for bytes allocated per operation.
 * Run: {@code bench/jmh.sh -f 1 -wi 3 -i 3 -prof gc UpstreamSseDecoding}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class UpstreamSseDecodingBenchmark {
    static final byte[] CONTENT_DELTA = ("{\"id\":\"chatcmpl-AbC123dEf456GhI789jKl012MnO\",\"object\":\"chat.completion.chunk\","
            + "\"created\":1732435200,\"model\":\"gpt-4o-mini-2024-07-18\",\"system_fingerprint\":\"fp_0ba0d124f1\","
            + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\" quick\"},\"logprobs\":null,\"finish_reason\":null}]}")
            .getBytes(StandardCharsets.UTF_8);
    static final byte[] TOOL_CALL_DELTA = ("{\"id\":\"chatcmpl-AbC123dEf456GhI789jKl012MnO\",\"object\":\"chat.completion.chunk\","
            + "\"created\":1732435200,\"model\":\"gpt-4o-mini-2024-07-18\",\"system_fingerprint\":\"fp_0ba0d124f1\","
            + "\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_q7XkR2mN4pL9\",\"type\":\"function\","
            + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Par\"}}]},\"logprobs\":null,\"finish_reason\":null}]}")
            .getBytes(StandardCharsets.UTF_8);
    static final byte[] WHOLE_ANSWER = ("{\"id\":\"chatcmpl-AbC123dEf456GhI789jKl012MnO\",\"object\":\"chat.completion\","
            + "\"created\":1732435200,\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
            + "\"content\":\"The quick brown fox jumps over the lazy dog. It was a sunny day, and the fox felt like showing off.\","
            + "\"refusal\":null,\"annotations\":[]},\"logprobs\":null,\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":19,"
            + "\"completion_tokens\":24,\"total_tokens\":43,\"prompt_tokens_details\":{\"cached_tokens\":0,\"audio_tokens\":0},"
            + "\"completion_tokens_details\":{\"reasoning_tokens\":0,\"audio_tokens\":0,\"accepted_prediction_tokens\":0,"
            + "\"rejected_prediction_tokens\":0}},\"service_tier\":\"default\",\"system_fingerprint\":\"fp_0ba0d124f1\"}")
            .getBytes(StandardCharsets.UTF_8);
    static final int EVENTS = 1_000;
    static final byte[] SSE_BODY = sseBody();

    private static byte[] sseBody() {
        String event = "data: " + new String(CONTENT_DELTA, StandardCharsets.UTF_8) + "\n\n";
        return (event.repeat(EVENTS) + "data: [DONE]\n\n").getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    public ChatChunk decodeContentDelta() {
        return OpenAiJson.readChatChunk(CONTENT_DELTA);
    }

    @Benchmark
    public ChatChunk decodeToolCallDelta() {
        return OpenAiJson.readChatChunk(TOOL_CALL_DELTA);
    }

    /** A whole non-streamed answer, the same work per call on the non-streaming path. */
    @Benchmark
    public ChatResponse decodeWholeAnswer() {
        return OpenAiJson.readChatResponse(WHOLE_ANSWER);
    }

    /** Total data bytes of the 1,001 events (1,000 chunks and [DONE]), so nothing is optimised away. */
    @Benchmark
    public long readSse1000Events() throws IOException {
        SseReader reader = new SseReader(new ByteArrayInputStream(SSE_BODY));
        long bytes = 0;
        for (Optional<SseReader.Event> e = reader.next(); e.isPresent(); e = reader.next()) bytes += e.get().data().length;
        return bytes;
    }
}
