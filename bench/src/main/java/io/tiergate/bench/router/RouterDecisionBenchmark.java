package io.tiergate.bench.router;

import io.tiergate.api.ChatRequest;
import io.tiergate.api.Difficulty;
import io.tiergate.api.Locality;
import io.tiergate.api.RoutePlan;
import io.tiergate.api.TierRef;
import io.tiergate.router.RouterConfig;
import io.tiergate.router.RouterFactory;
import io.tiergate.router.features.MiniLmSentenceEmbedder;
import io.tiergate.router.features.RequestFeaturizer;
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

import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One routing decision for a 1,000-token request (≈ 4,000 characters), embedding included: features,
 * the first 3 layers of all-MiniLM-L6-v2 on the router file's budget of tokens at the end of the request (one ONNX
 * thread; the request is 1,000 tokens, what is embedded is its last 16), the built-in model with its explanation,
 * and the threshold router over three tiers. Target: p99 ≤ 5 ms on one core. Sample mode reports the
 * percentiles; pin to one core with {@code taskset -c 0 bench/jmh.sh RouterDecision} where that is allowed. The two costly stages are also
 * timed alone ({@code embeddingOnly}, {@code shapeFeaturesOnly}) to show where the time goes.
 * The warm-up is long (12 × 3 s): a decision calls each of its methods once, so at ~800 decisions a second the
 * last of them reach C2 only after ~20 s, and with one core the compiler thread's 4 ms slices land in the tail.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 12, time = 3)
@Measurement(iterations = 5, time = 4)
@Threads(1)
@Fork(1)
public class RouterDecisionBenchmark {
    static final int REQUESTS = 64;
    static final List<TierRef> TIERS = List.of(
            new TierRef("small", 0, Set.of(Locality.IN_PROCESS)),
            new TierRef("medium", 1, Set.of(Locality.LAN)),
            new TierRef("large", 2, Set.of(Locality.CLOUD)));
    private static final String BLOCK = "A warehouse ships 1,250 parcels a day; 3.5% are returned and each return costs $4.20 "
            + "to process. Explain step by step how the monthly return cost changes if volume grows 12% while the return rate "
            + "falls to 2.8%, and state your assumptions. Then rewrite the summary for a customer email in at most 80 words. ";

    /** "built-in" or a router file path ({@code -p router=/path/router.json}). */
    @Param({"built-in"})
    public String routerFile;

    private RouterFactory.LoadedRouter router;
    private ChatRequest[] requests;
    private RequestText[] texts;
    private int next;

    @Setup
    public void setUp() {
        router = RouterFactory.fromConfig(RouterConfig.defaults().withFile(routerFile));
        requests = thousandTokenRequests();
        texts = java.util.Arrays.stream(requests).map(RequestText::of).toArray(RequestText[]::new);
    }

    /** 64 requests of 4,000 characters (≈ 1,000 tokens), each different at its start and at its end. */
    static ChatRequest[] thousandTokenRequests() {
        ChatRequest[] out = new ChatRequest[REQUESTS];
        for (int i = 0; i < REQUESTS; i++) {
            // Different text each time, at the start and at the end (the router embeds the end of the message), so
            // nothing can be reused between calls; the embedded window is 21-22 word pieces, the start's was 20.
            String end = " Finally, file this as request " + (1_000 + i * 37) + ", due on 2024-03-" + (10 + i % 19) + ".";
            StringBuilder b = new StringBuilder("Request " + i + ". ");
            while (b.length() < 4_000) b.append(BLOCK);
            out[i] = ChatRequest.ofUser("auto", b.substring(0, 4_000 - end.length()) + end);
        }
        return out;
    }

    @Benchmark
    public RoutePlan decide1000TokenRequest() {
        ChatRequest request = requests[next++ & (REQUESTS - 1)];
        Difficulty difficulty = router.scorer().score(request);
        return router.router().plan(request, difficulty, TIERS);
    }

    /** Stage alone: the int8 MiniLM embedding (first 3 layers) of the end of the last user message, at the router file's token budget. */
    @Benchmark
    public float[] embeddingOnly() {
        return RequestFeaturizer.embedding(MiniLmSentenceEmbedder.shared(), texts[next++ & (REQUESTS - 1)].lastUser(),
                router.file().embeddingTokens());
    }

    /** Stage alone: the 15 shape features of the 4,000-character request. */
    @Benchmark
    public double[] shapeFeaturesOnly() {
        return ShapeFeatures.extract(texts[next++ & (REQUESTS - 1)]);
    }
}
