package io.tiergate.bench.ledger;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.tiergate.api.Caller;
import io.tiergate.api.ChatRequest;
import io.tiergate.api.ChatResponse;
import io.tiergate.api.Usage;
import io.tiergate.gateway.Admission;
import io.tiergate.gateway.ChatExchange;
import io.tiergate.gateway.ExchangeListener;
import io.tiergate.gateway.ModelResolver;
import io.tiergate.gateway.RouteInfo;
import io.tiergate.ledger.LedgerConfig;
import io.tiergate.ledger.LedgerDatabase;
import io.tiergate.server.admin.AuditWiring;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * What the audit ledger adds to one request, in CPU microseconds, without HTTP around it: the steps a gateway
 * with {@code ledger.enabled} runs per chat call and one without does not — key authentication, budget admission
 * and its settlement, the ledger entry (built and encoded on the request thread), the cost metrics, and the
 * writer thread's spool appends — over a real SQLite ledger in a temporary directory, at a paced rate like a
 * busy gateway's (default 20,000 calls a second, in slices of 10 ms). Prints the request thread's CPU per call,
 * the whole process's CPU per call (writer, GC and JIT included) and, separately, the deferred indexing into
 * SQLite per entry (done at the end, as a gateway does in a quiet moment). Compare with the ~45-50 µs a request
 * costs the gateway on its core (docs/benchmarks.md): the issue's 5 % of throughput is ~2.3 µs.
 * <p>Run: {@code java --add-modules jdk.incubator.vector -cp "bench/target/classes:bench/target/lib/*"
 * io.tiergate.bench.ledger.AuditPathCpuTime [calls] [calls per second]} (default 400,000 after as many warm-up calls).
 */
public final class AuditPathCpuTime {
    private AuditPathCpuTime() {}

    public static void main(String[] args) throws IOException {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 400_000;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
        Path home = Files.createTempDirectory("tiergate-audit-bench");
        LedgerConfig config = LedgerConfig.defaults().withUrl("jdbc:sqlite:" + home.resolve("ledger.db"));
        ModelResolver resolver = new ModelResolver(List.of(), Map.of());
        try (AuditWiring audit = AuditWiring.open(config, LedgerDatabase.open(config.url().orElseThrow()),
                home.resolve("ledger-spool"), Optional.empty(), resolver, new PrometheusRegistry(), Clock.systemUTC())) {
            ChatExchange[] exchanges = exchanges();
            run(audit, exchanges, calls, rate); // warm-up: the same calls, so C2 has compiled the path
            audit.ledger().flush();
            long written0 = audit.ledger().writerStats().written();
            Measured m = run(audit, exchanges, calls, rate);
            long indexedMeanwhile = audit.ledger().writerStats().written() - written0;
            long indexStart = processCpuNanos();
            audit.ledger().flush();
            double indexMicros = (processCpuNanos() - indexStart) / 1e3 / calls;
            System.out.printf("%,d calls at %,d/s: request thread %.2f µs/call, writer thread %.2f, whole process %.2f "
                            + "(idle baseline %.2f); deferred indexing %.2f µs/entry (%,d indexed during the run)%n",
                    calls, rate, m.threadMicros, m.writerMicros, m.processMicros, m.idleMicros, indexMicros, indexedMeanwhile);
            // Each step alone, request thread only (what it adds to the request's core before the writer's share).
            for (int part = 0; part < 3; part++) {
                Measured p = run(audit, exchanges, calls / 4, rate, part);
                audit.ledger().flush();
                System.out.printf("  %-28s request thread %.2f µs/call%n", PARTS[part], p.threadMicros);
            }
        }
    }

    record Measured(double threadMicros, double writerMicros, double processMicros, double idleMicros) {}

    /**
     * The process CPU of a paced loop that does nothing, as long as the run (the pacing's own cost, measured first
     * so the writer has nothing to index meanwhile), then the same calls, paced.
     */
    static final String[] PARTS = {"authentication + admission", "ledger entry", "cost metrics"};

    static Measured run(AuditWiring audit, ChatExchange[] exchanges, int calls, int rate) {
        return run(audit, exchanges, calls, rate, -1);
    }

    /** {@code part}: -1 for every step, else the index of one of {@link #PARTS} alone. */
    static Measured run(AuditWiring audit, ChatExchange[] exchanges, int calls, int rate, int part) {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        List<ExchangeListener> listeners = audit.listeners();
        int perSlice = Math.max(1, rate / 100);
        long idle0 = processCpuNanos();
        long next = System.nanoTime();
        for (int i = 0; i < calls; i += perSlice) next = pace(next);
        double idle = (processCpuNanos() - idle0) / 1e3 / calls;
        long thread0 = threads.getCurrentThreadCpuTime();
        long writer0 = writerCpuNanos(threads);
        long process0 = processCpuNanos();
        next = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            ChatExchange e = exchanges[i & (exchanges.length - 1)];
            if (part < 1) {
                Caller caller = audit.authentication().authenticate(Optional.empty()).caller();
                Admission.Ticket ticket = audit.admission().admit(caller, e.request());
                ticket.settle(e);
            }
            if (part < 0) {
                for (ExchangeListener l : listeners) l.onExchange(e);
            } else if (part > 0) {
                listeners.get(part - 1).onExchange(e);
            }
            if (i % perSlice == perSlice - 1) next = pace(next);
        }
        double thread = (threads.getCurrentThreadCpuTime() - thread0) / 1e3 / calls;
        double process = (processCpuNanos() - process0) / 1e3 / calls;
        return new Measured(thread, (writerCpuNanos(threads) - writer0) / 1e3 / calls, process, idle);
    }

    private static long pace(long next) {
        next += 10_000_000; // 10 ms slices: the pacing itself must cost far less than what is measured
        long wait = next - System.nanoTime();
        if (wait > 0) LockSupport.parkNanos(wait);
        return next;
    }

    /** 64 calls shaped like the overhead benchmark's: explicit model, 9 prompt and 16 completion tokens, distinct ids. */
    static ChatExchange[] exchanges() {
        ChatExchange[] out = new ChatExchange[64];
        ChatRequest request = ChatRequest.ofUser("fake-model", "Say hello");
        for (int i = 0; i < out.length; i++) {
            String id = "req-" + Long.toHexString(0x5eed_0000L + i * 7919L);
            Usage usage = new Usage(9, 16, 0, 0);
            out[i] = new ChatExchange(Instant.now(), id, Caller.ANONYMOUS, request,
                    Optional.of(new RouteInfo(id, "lan", "fake-upstream", "fake-model", "explicit model", Optional.empty())),
                    "none", "allow", List.of(),
                    Optional.of(new ChatResponse("chatcmpl-" + i, "fake-model", 1_700_000_000L, List.of(), usage, Optional.empty())),
                    usage, Optional.empty(), Duration.ofNanos(310_000 + i), 200, Optional.empty(), false);
        }
        return out;
    }

    /** CPU time of the ledger's writer thread (spool appends; indexing too when it runs). */
    private static long writerCpuNanos(ThreadMXBean threads) {
        long sum = 0;
        for (var info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null && info.getThreadName().startsWith("tiergate-ledger-writer")) {
                sum += threads.getThreadCpuTime(info.getThreadId());
            }
        }
        return sum;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
