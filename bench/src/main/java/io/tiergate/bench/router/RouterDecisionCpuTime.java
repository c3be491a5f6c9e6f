package io.tiergate.bench.router;

import io.tiergate.api.ChatRequest;
import io.tiergate.router.RouterConfig;
import io.tiergate.router.RouterFactory;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * The decision of {@link RouterDecisionBenchmark} timed two ways per call: wall time and this thread's CPU time
 * (ONNX Runtime runs on the calling thread: one intra-op thread, no pool). Where the wall-time tail is far above
 * the CPU-time tail, the thread was waiting for a core (preemption by other processes), not working; where they
 * match, the tail is the router's own. Prints one line of percentiles in milliseconds.
 * Run: {@code java --add-modules jdk.incubator.vector -cp "bench/target/classes:bench/target/lib/*"
 * io.tiergate.bench.router.RouterDecisionCpuTime [calls [warm-up calls]]} (default 5,000 after 30,000 warm-up calls); to compare
 * with another router build, put its classes before {@code bench/target/lib/*}.
 */
public final class RouterDecisionCpuTime {
    /**
     * Calls before timing starts. Each method of a decision runs once per call, so at ~800 decisions a second the
     * last of them reach C2's invocation thresholds only after ~20 s; until then the compiler thread takes the core
     * in 4 ms slices and the wall-time tail measures the JIT, not the router. 30,000 calls is ~40 s.
     */
    private static final int WARM_UP = 30_000;
    private static Object sink;

    private RouterDecisionCpuTime() {}

    public static void main(String[] args) {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 5_000;
        int warmUp = args.length > 1 ? Integer.parseInt(args[1]) : WARM_UP;
        RouterFactory.LoadedRouter router = RouterFactory.fromConfig(RouterConfig.defaults());
        ChatRequest[] requests = RouterDecisionBenchmark.thousandTokenRequests();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < warmUp; i++) sink = decide(router, requests[i % requests.length]);
        long[] wall = new long[calls];
        long[] cpu = new long[calls];
        for (int i = 0; i < calls; i++) {
            long cpu0 = threads.getCurrentThreadCpuTime();
            long wall0 = System.nanoTime();
            sink = decide(router, requests[i % requests.length]);
            wall[i] = System.nanoTime() - wall0;
            cpu[i] = threads.getCurrentThreadCpuTime() - cpu0;
        }
        System.out.printf("%d decisions; wall p50 %s | thread CPU p50 %s (ms)%n", calls, percentiles(wall), percentiles(cpu));
    }

    private static Object decide(RouterFactory.LoadedRouter router, ChatRequest request) {
        return router.router().plan(request, router.scorer().score(request), RouterDecisionBenchmark.TIERS);
    }

    private static String percentiles(long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        int n = s.length;
        return String.format("%.2f p90 %.2f p99 %.2f p99.9 %.2f", s[n / 2] / 1e6, s[n * 9 / 10] / 1e6, s[n * 99 / 100] / 1e6,
                s[Math.min(n - 1, n * 999 / 1000)] / 1e6);
    }
}
