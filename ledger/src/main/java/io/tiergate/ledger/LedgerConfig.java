package io.tiergate.ledger;

import io.tiergate.api.ModelPrice;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code ledger:} section of the configuration.
 *
 * @param enabled         false runs with {@code Ledger.NONE} (nothing audited)
 * @param url             JDBC URL; empty means SQLite at {@code <TIERGATE_HOME>/ledger.db}
 * @param flushInterval   longest time an acknowledged entry waits before its batch is committed
 * @param batchSize       most entries written in one transaction
 * @param queueCapacity   entries buffered between the request path and the writer
 * @param enqueueTimeout  how long {@code record} may wait for queue space before dropping the entry
 * @param storeText       keep prompt and completion text (off by default: entries hold only numbers and names)
 * @param baselineModel   the frontier model savings are measured against
 * @param prices          per-model overrides and additions to the built-in price table
 * @param localTierPrice  amortised hardware/energy price of in-process and LAN models (default free)
 * @param maxIndexLag     while the gateway is busy, copying spooled entries into the database waits for
 *                        a quiet moment, at most this long (0: copy right after each append, never wait)
 * @param spoolMaxBytes   most bytes of spooled entries waiting for the database; at seven eighths of it the
 *                        gateway refuses new requests (503 ledger_unavailable), the last eighth is for requests in
 *                        flight, and past it their entries wait in memory (see {@link #DEFAULT_SPOOL_MAX_BYTES})
 */
public record LedgerConfig(boolean enabled, Optional<String> url, Duration flushInterval, int batchSize,
                           int queueCapacity, Duration enqueueTimeout, boolean storeText, String baselineModel,
                           Map<String, ModelPrice> prices, ModelPrice localTierPrice,
                           Duration maxIndexLag, long spoolMaxBytes) {
    /**
     * 100 ms, so the writer lingers 75 ms and appends a batch ~13 times a second. Each batch costs the gateway's
     * core more than its bytes: with 20 ms the ledger took 6 % of a saturated core (ledger-ab.sh SHARED=1, CPU per
     * request off/on 0.936–0.940), with 100 ms 3 % (0.968), with 200 ms the same (0.966). Since batches became
     * spool appends (no SQLite work) a longer linger no longer lengthens bursts of database work on the request
     * core, which is what made 200 ms raise p99 when each batch was a commit. It is also the kill -9 loss bound,
     * inside the 200 ms.
     */
    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofMillis(100);

    /**
     * 5 minutes: while the gateway is saturated, copying an entry into SQLite (~4 µs) costs ~10 % of its
     * throughput, so it waits for a quiet moment this long — longer than a load test's back-to-back runs
     * (the overhead harness is ~3 minutes). With 30 s the harness's later runs paid for the earlier ones'
     * entries (ledger on/off 0.915 at 16 connections, docs/benchmarks.md). The spool holds what waits: at
     * 20,000 requests a second, ~160 bytes each, ~1 GB at most, deleted once copied. Reports through
     * Tiergate never lag: they copy what is spooled first (at ~4 µs an entry). Below 1,000 entries a
     * second nothing waits.
     */
    public static final Duration DEFAULT_MAX_INDEX_LAG = Duration.ofMinutes(5);

    /**
     * 1 GiB, ~6.7 million typical entries (~160 bytes each): over 5 hours of a database outage at 350 requests a
     * second. A busy gateway's deferred entries ({@link #DEFAULT_MAX_INDEX_LAG} at 20,000 a second is ~1 GB) are
     * copied early once they pass three quarters of it, so only a database that refuses writes brings the spool to
     * seven eighths, where new requests are refused. Copying a full spool back takes ~30 s of
     * CPU (~4 µs an entry). With {@code store-text} an entry carries its prompt and answer (often kilobytes), so
     * the same bytes hold far fewer entries: raise the cap with it.
     */
    public static final long DEFAULT_SPOOL_MAX_BYTES = 1L << 30;
    /** 1 MiB: below it ordinary load would refuse batches while the database is merely slow. */
    static final long MIN_SPOOL_MAX_BYTES = 1L << 20;
    static final long MAX_SPOOL_MAX_BYTES = 1L << 40;

    public LedgerConfig {
        url = url == null ? Optional.empty() : url.filter(u -> !u.isBlank());
        flushInterval = flushInterval == null ? DEFAULT_FLUSH_INTERVAL : flushInterval;
        enqueueTimeout = enqueueTimeout == null ? Duration.ofMillis(5) : enqueueTimeout;
        baselineModel = baselineModel == null ? "gpt-4o" : baselineModel;
        if (flushInterval.isNegative() || flushInterval.isZero()
                || flushInterval.compareTo(Duration.ofSeconds(10)) > 0) {
            throw new IllegalArgumentException("ledger.flush-interval must be between 1ms and 10s, was " + flushInterval);
        }
        if (batchSize < 1 || batchSize > 100_000) {
            throw new IllegalArgumentException("ledger.batch-size must be between 1 and 100000, was " + batchSize);
        }
        if (queueCapacity < batchSize) {
            throw new IllegalArgumentException("ledger.queue-capacity must be at least ledger.batch-size ("
                    + batchSize + "), was " + queueCapacity);
        }
        if (enqueueTimeout.isNegative() || enqueueTimeout.compareTo(Duration.ofSeconds(1)) > 0) {
            throw new IllegalArgumentException("ledger.enqueue-timeout must be between 0 and 1s, was " + enqueueTimeout);
        }
        if (baselineModel.isBlank()) {
            throw new IllegalArgumentException("ledger.baseline-model must name a model, e.g. gpt-4o");
        }
        prices = prices == null ? Map.of() : Map.copyOf(prices);
        prices.forEach((model, price) -> {
            if (price.inputMicrosPerMillion() < 0 || price.cachedInputMicrosPerMillion() < 0 || price.outputMicrosPerMillion() < 0) {
                throw new IllegalArgumentException("ledger.prices." + model + " must not be negative");
            }
        });
        localTierPrice = localTierPrice == null ? ModelPrice.FREE : localTierPrice;
        maxIndexLag = maxIndexLag == null ? DEFAULT_MAX_INDEX_LAG : maxIndexLag;
        if (maxIndexLag.isNegative() || maxIndexLag.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("ledger.max-index-lag must be between 0 and 1h, was " + maxIndexLag);
        }
        if (spoolMaxBytes < MIN_SPOOL_MAX_BYTES || spoolMaxBytes > MAX_SPOOL_MAX_BYTES) {
            throw new IllegalArgumentException("ledger.spool-max-bytes must be between " + MIN_SPOOL_MAX_BYTES
                    + " (1 MiB) and " + MAX_SPOOL_MAX_BYTES + " (1 TiB), was " + spoolMaxBytes);
        }
    }

    /** Without a spool cap given: {@link #DEFAULT_SPOOL_MAX_BYTES} (the signature before the cap existed). */
    public LedgerConfig(boolean enabled, Optional<String> url, Duration flushInterval, int batchSize,
                        int queueCapacity, Duration enqueueTimeout, boolean storeText, String baselineModel,
                        Map<String, ModelPrice> prices, ModelPrice localTierPrice, Duration maxIndexLag) {
        this(enabled, url, flushInterval, batchSize, queueCapacity, enqueueTimeout, storeText, baselineModel, prices,
                localTierPrice, maxIndexLag, DEFAULT_SPOOL_MAX_BYTES);
    }

    public static LedgerConfig defaults() {
        return new LedgerConfig(true, Optional.empty(), DEFAULT_FLUSH_INTERVAL, 500, 65_536, Duration.ofMillis(5),
                false, "gpt-4o", Map.of(), ModelPrice.FREE, DEFAULT_MAX_INDEX_LAG, DEFAULT_SPOOL_MAX_BYTES);
    }

    public LedgerConfig withUrl(String jdbcUrl) {
        return new LedgerConfig(enabled, Optional.of(jdbcUrl), flushInterval, batchSize, queueCapacity, enqueueTimeout,
                storeText, baselineModel, prices, localTierPrice, maxIndexLag, spoolMaxBytes);
    }

    public LedgerConfig withFlushInterval(Duration interval) {
        return new LedgerConfig(enabled, url, interval, batchSize, queueCapacity, enqueueTimeout, storeText,
                baselineModel, prices, localTierPrice, maxIndexLag, spoolMaxBytes);
    }

    public LedgerConfig withStoreText(boolean store) {
        return new LedgerConfig(enabled, url, flushInterval, batchSize, queueCapacity, enqueueTimeout, store,
                baselineModel, prices, localTierPrice, maxIndexLag, spoolMaxBytes);
    }

    public LedgerConfig withQueue(int capacity, int batch) {
        return new LedgerConfig(enabled, url, flushInterval, batch, capacity, enqueueTimeout, storeText,
                baselineModel, prices, localTierPrice, maxIndexLag, spoolMaxBytes);
    }

    public LedgerConfig withMaxIndexLag(Duration lag) {
        return new LedgerConfig(enabled, url, flushInterval, batchSize, queueCapacity, enqueueTimeout, storeText,
                baselineModel, prices, localTierPrice, lag, spoolMaxBytes);
    }

    public LedgerConfig withSpoolMaxBytes(long bytes) {
        return new LedgerConfig(enabled, url, flushInterval, batchSize, queueCapacity, enqueueTimeout, storeText,
                baselineModel, prices, localTierPrice, maxIndexLag, bytes);
    }
}
