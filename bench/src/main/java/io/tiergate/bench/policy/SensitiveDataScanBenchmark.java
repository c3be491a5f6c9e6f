package io.tiergate.bench.policy;

import io.tiergate.policy.detect.Finding;
import io.tiergate.policy.detect.SensitiveDataScanner;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time to scan 10 KB (10,240 chars) of text with every built-in detector; target ≤ 1 ms per 10 KB.
 * {@code kind}: "prose" (clean English with numbers, dates and versions), "mixed" (prose, code, JSON
 * tool output and a dozen sensitive values) and "digits" (log lines dense in numbers, times and IPs,
 * the worst case for the number-shaped detectors).
 * Run: {@code java -cp "bench/target/classes:$(cat cp.txt)" org.openjdk.jmh.Main SensitiveDataScanBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SensitiveDataScanBenchmark {
    static final int CHARS = 10 * 1024;

    @Param({"prose", "mixed", "digits"})
    public String kind;

    private String text;
    private final SensitiveDataScanner scanner = SensitiveDataScanner.builtIn();

    @Setup
    public void setUp() {
        text = repeatTo(switch (kind) {
            case "prose" -> PROSE;
            case "mixed" -> PROSE + CODE + TOOL_JSON + SENSITIVE;
            case "digits" -> LOGS;
            default -> throw new IllegalArgumentException("unknown kind " + kind);
        });
    }

    @Benchmark
    public List<Finding> scan10KB() {
        return scanner.scan(text);
    }

    static String repeatTo(String block) {
        StringBuilder b = new StringBuilder(CHARS + block.length());
        while (b.length() < CHARS) b.append(block);
        return b.substring(0, CHARS);
    }

    static final String PROSE = """
            The quarterly review covered 14 projects across 3 regions. Release 2.3.1 shipped on 2025-03-01 with \
            42 fixes; version 10.0.19041 of the agent is still deployed on some hosts. Revenue grew 12.5% to \
            1,250,000 EUR while costs fell by 3 percent. The key point is that the team should prioritise the \
            migration before 15.04.2025, and the token budget of 1024 per request remains in place. Meeting notes \
            from 10:30 to 11:45 are attached; see section 4.2 for the action items and @alice for follow-ups.
            """;
    static final String CODE = """
            def handler(event, context):
                max_tokens = 1024  # keep answers short
                items = [x for x in event["items"] if x.get("qty", 0) > 0]
                return {"status": 200, "count": len(items), "ratio": 16 / 9}
            """;
    static final String TOOL_JSON = """
            {"order_id": "A-2024-000123", "lines": [{"sku": "XY-1234", "qty": 2, "price": 19.99}], \
            "created": "2024-01-15T10:30:45Z", "trace": "3f786850e387550fdab836ed7e6dc881de23001b"}
            """;
    static final String SENSITIVE = """
            Customer jane.roe@shop.io (+44 20 7946 0958, (212) 555-0147) paid with 4111 1111 1111 1111; refund to \
            DE89 3704 0044 0532 0130 00. SSN 123-45-6789. Server 10.0.0.5 and 2001:db8::8a2e:370:7334. \
            OPENAI_API_KEY=sk-proj-aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1x password: Tr0ub4dor&3x
            """;
    static final String LOGS = """
            2024-01-15 10:30:45.123 INFO  [worker-7] req=8812736 from 192.168.1.20:53211 took 12.5 ms status=200 bytes=18234
            2024-01-15 10:30:45.987 WARN  [worker-3] retry 2/5 for job 1700000000123 after 250 ms (queue 64/128)
            """;
}
