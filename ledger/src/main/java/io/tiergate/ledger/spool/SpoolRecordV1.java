package io.tiergate.ledger.spool;

import io.tiergate.api.LedgerEntry;
import io.tiergate.api.Usage;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads records of the spool's first format (fixed-width fields: 8-byte longs, 4-byte string lengths), which
 * segments written before format 2 still hold when a gateway is upgraded with entries left in its spool.
 */
final class SpoolRecordV1 {
    static final byte FORMAT = 1;

    private SpoolRecordV1() {}

    /** The entry whose payload follows the format byte at {@code p}'s position. */
    static LedgerEntry decode(ByteBuffer p) {
        Instant time = Instant.ofEpochSecond(p.getLong(), p.getInt());
        String requestId = string(p);
        String keyId = string(p);
        Optional<String> team = optional(p);
        Optional<String> workflow = optional(p);
        Optional<String> step = optional(p);
        String modelRequested = string(p);
        String modelUsed = string(p);
        String tier = string(p);
        String backend = string(p);
        boolean hasScore = p.get() == 1;
        double score = Double.longBitsToDouble(p.getLong());
        String routeReason = string(p);
        String policyVerdict = string(p);
        int types = p.getInt();
        if (types < 0 || types > p.remaining()) throw new IllegalStateException("bad detected-type count");
        List<String> detected = new ArrayList<>(types);
        for (int i = 0; i < types; i++) detected.add(string(p));
        Usage usage = new Usage(p.getLong(), p.getLong(), p.getLong(), p.getLong());
        long ttft = p.getLong();
        Duration latency = Duration.ofNanos(p.getLong());
        int status = p.getInt();
        Optional<String> errorCode = optional(p);
        double cost = Double.longBitsToDouble(p.getLong());
        double counterfactual = Double.longBitsToDouble(p.getLong());
        Optional<String> prompt = optional(p);
        Optional<String> completion = optional(p);
        return new LedgerEntry(time, requestId, keyId, team, workflow, step, modelRequested, modelUsed, tier, backend,
                hasScore ? Optional.of(score) : Optional.empty(), routeReason, policyVerdict, detected, usage,
                ttft < 0 ? Optional.empty() : Optional.of(Duration.ofNanos(ttft)), latency, status, errorCode, cost,
                counterfactual, prompt, completion);
    }

    private static String string(ByteBuffer p) {
        int n = p.getInt();
        if (n < 0 || n > p.remaining()) throw new IllegalStateException("bad string length");
        String s = new String(p.array(), p.arrayOffset() + p.position(), n, StandardCharsets.UTF_8);
        p.position(p.position() + n);
        return s;
    }

    private static Optional<String> optional(ByteBuffer p) {
        return p.get() == 1 ? Optional.of(string(p)) : Optional.empty();
    }
}
