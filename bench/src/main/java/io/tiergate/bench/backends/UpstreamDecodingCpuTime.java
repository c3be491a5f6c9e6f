package io.tiergate.bench.backends;

import io.tiergate.backends.http.SseReader;
import io.tiergate.backends.openai.OpenAiJson;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.Optional;

/**
 * The work of {@link UpstreamSseDecodingBenchmark} measured as this thread's CPU time and allocated bytes per
 * call, best of 8 rounds: on a shared machine, wall-clock JMH scores move with other processes' load, while
 * CPU time (time this thread actually ran) mostly does not. Prints one line per operation.
 * Run: {@code java -cp "bench/target/classes:bench/target/lib/*" io.tiergate.bench.backends.UpstreamDecodingCpuTime};
 * to compare with an older backends build, put its classes before {@code bench/target/lib/*}.
 */
public final class UpstreamDecodingCpuTime {
    private static final int ROUNDS = 8;
    private static Object sink;

    private UpstreamDecodingCpuTime() {}

    private interface Operation {
        Object run() throws IOException;
    }

    public static void main(String[] args) throws IOException {
        measure("decodeContentDelta", 200_000, () -> OpenAiJson.readChatChunk(UpstreamSseDecodingBenchmark.CONTENT_DELTA));
        measure("decodeToolCallDelta", 200_000, () -> OpenAiJson.readChatChunk(UpstreamSseDecodingBenchmark.TOOL_CALL_DELTA));
        measure("decodeWholeAnswer", 100_000, () -> OpenAiJson.readChatResponse(UpstreamSseDecodingBenchmark.WHOLE_ANSWER));
        measure("readSse1000Events", 200, () -> {
            SseReader reader = new SseReader(new ByteArrayInputStream(UpstreamSseDecodingBenchmark.SSE_BODY));
            long bytes = 0;
            for (Optional<SseReader.Event> e = reader.next(); e.isPresent(); e = reader.next()) bytes += e.get().data().length;
            return bytes;
        });
    }

    private static void measure(String name, int calls, Operation operation) throws IOException {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        double bestNanos = Double.MAX_VALUE;
        double bytes = 0;
        for (int round = 0; round < ROUNDS; round++) {
            long cpu = threads.getCurrentThreadCpuTime();
            long allocated = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < calls; i++) sink = operation.run();
            bestNanos = Math.min(bestNanos, (threads.getCurrentThreadCpuTime() - cpu) / (double) calls);
            bytes = (threads.getCurrentThreadAllocatedBytes() - allocated) / (double) calls;
        }
        System.out.printf("%-20s %,12.0f ns CPU/op %,12.0f B/op%n", name, bestNanos, bytes);
    }
}
