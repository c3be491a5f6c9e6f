package io.tiergate.bench.router;

import io.tiergate.api.ChatRequest;
import io.tiergate.router.features.MiniLmSentenceEmbedder;
import io.tiergate.router.features.RequestText;
import io.tiergate.router.features.ShapeFeatures;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The two costly stages of {@link RouterDecisionBenchmark} alone, to show where a decision's time goes:
 * the int8 MiniLM embedding at a token budget, and the shape features of a 1,000-token (4,000-character)
 * request. One thread; pin with {@code taskset -c 0}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Threads(1)
@Fork(1)
public class RouterStageBenchmark {
    private static final int REQUESTS = 64;

    /** Embedded tokens (the shipped router uses 16). */
    @Param({"16"})
    public int tokens;

    private MiniLmSentenceEmbedder embedder;
    private String[] texts;
    private RequestText[] requests;
    private int next;

    @Setup
    public void setUp() {
        embedder = MiniLmSentenceEmbedder.shared();
        texts = new String[REQUESTS];
        requests = new RequestText[REQUESTS];
        for (int i = 0; i < REQUESTS; i++) {
            StringBuilder b = new StringBuilder("Request " + i + ". ");
            while (b.length() < 4_000) b.append(RouterDecisionBenchmark.BLOCK);
            texts[i] = b.substring(0, 4_000);
            requests[i] = RequestText.of(ChatRequest.ofUser("auto", texts[i]));
        }
    }

    @Benchmark
    public float[] embedding() {
        return embedder.embed(texts[next++ & (REQUESTS - 1)], tokens);
    }

    @Benchmark
    public double[] shapeFeatures() {
        return ShapeFeatures.extract(requests[next++ & (REQUESTS - 1)]);
    }
}
