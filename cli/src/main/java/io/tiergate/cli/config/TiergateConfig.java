package io.tiergate.cli.config;

import io.tiergate.engine.EngineConfig;
import io.tiergate.ledger.LedgerConfig;
import io.tiergate.store.StoreConfig;
import io.tiergate.policy.PolicyConfig;
import io.tiergate.router.RouterConfig;
import io.tiergate.server.ServerConfig;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The whole configuration file ({@code tiergate.yaml}); every key has a default, so an empty file — or
 * none — runs on embedded defaults. {@code tiers} are ordered cheapest first; the in-process engine
 * tier ({@code engine.tier}) is added in front of them when the model store has models.
 */
public record TiergateConfig(ServerConfig server, EngineSection engine, StoreConfig store, List<TierConfig> tiers, Optional<String> defaultTier,
                             Map<String, String> aliases, RouterSection router, PolicyConfig policy, LedgerConfig ledger) {

    public TiergateConfig {
        server = server == null ? ServerConfig.defaults() : server;
        engine = engine == null ? EngineSection.defaults() : engine;
        store = store == null ? StoreConfig.defaults() : store;
        tiers = tiers == null ? List.of() : List.copyOf(tiers);
        defaultTier = defaultTier == null ? Optional.empty() : defaultTier;
        aliases = aliases == null ? Map.of() : Map.copyOf(aliases);
        router = router == null ? RouterSection.defaults() : router;
        policy = policy == null ? PolicyConfig.defaults() : policy;
        ledger = ledger == null ? LedgerConfig.defaults() : ledger;
        Set<String> names = new HashSet<>();
        for (TierConfig t : tiers) {
            if (!names.add(t.name())) throw new IllegalArgumentException("tiers: the name '" + t.name() + "' is used twice");
        }
        if (engine.enabled() && names.contains(engine.tier())) {
            throw new IllegalArgumentException("tiers: '" + engine.tier() + "' is the engine's tier name (engine.tier); pick another");
        }
        Set<String> ids = new HashSet<>();
        tiers.forEach(t -> t.backends().forEach(b -> {
            if (!ids.add(b.id())) throw new IllegalArgumentException("tiers: backend id '" + b.id() + "' is used twice");
        }));
    }

    public static TiergateConfig defaults() {
        return new TiergateConfig(null, null, null, null, null, null, null, null, null);
    }

    public static TiergateConfig load(Path file) {
        return YamlConfigReader.withSystemEnv().read(file, TiergateConfig.class, Optional.of(defaults()));
    }

    /**
     * The cognitive-load router for model {@code auto}: on (with two or more tiers) unless
     * {@code enabled: false}; the other keys are {@link RouterConfig}'s ({@code file}: a router file or
     * {@code built-in}; {@code max-strong-share} or {@code target-quality}; {@code tier-thresholds}).
     */
    public record RouterSection(boolean enabled, String file, Optional<Double> maxStrongShare, Optional<Double> targetQuality,
                                Map<String, Double> tierThresholds) {
        public RouterSection {
            maxStrongShare = maxStrongShare == null ? Optional.empty() : maxStrongShare;
            targetQuality = targetQuality == null ? Optional.empty() : targetQuality;
            tierThresholds = tierThresholds == null ? Map.of() : Map.copyOf(tierThresholds);
            new RouterConfig(file, maxStrongShare, targetQuality, tierThresholds); // validates
        }

        public static RouterSection defaults() {
            return new RouterSection(true, RouterConfig.defaults().file(), Optional.empty(), Optional.empty(), Map.of());
        }

        public RouterConfig toRouterConfig() {
            return new RouterConfig(file, maxStrongShare, targetQuality, tierThresholds);
        }
    }

    /**
     * The in-process engine: whether it serves the model store's models, the name of its tier (always
     * the cheapest), and the engine's own settings (threads 0 = all cores; memory-budget-bytes 0 = 75 %
     * of RAM; see {@link EngineConfig}).
     */
    public record EngineSection(boolean enabled, String tier, int threads, int contextLength, int parallel, int maxQueued,
                                java.time.Duration keepAlive, long memoryBudgetBytes, java.time.Duration loadWait) {
        public EngineSection {
            tier = tier == null ? "local" : tier;
            if (!tier.matches("[a-z0-9][a-z0-9_.\\-]*")) throw new IllegalArgumentException("engine.tier: '" + tier + "' is not a valid tier name");
            if (threads < 0) throw new IllegalArgumentException("engine.threads must be 0 (all cores) or more, was " + threads);
            keepAlive = keepAlive == null ? EngineConfig.defaults().keepAlive() : keepAlive;
            loadWait = loadWait == null ? EngineConfig.DEFAULT_LOAD_WAIT : loadWait;
            engineConfig(threads, contextLength, parallel, maxQueued, keepAlive, memoryBudgetBytes, loadWait); // validates
        }

        /** Waiting {@link EngineConfig#DEFAULT_LOAD_WAIT} for room (engine.load-wait unset). */
        public EngineSection(boolean enabled, String tier, int threads, int contextLength, int parallel, int maxQueued,
                             java.time.Duration keepAlive, long memoryBudgetBytes) {
            this(enabled, tier, threads, contextLength, parallel, maxQueued, keepAlive, memoryBudgetBytes, EngineConfig.DEFAULT_LOAD_WAIT);
        }

        public static EngineSection defaults() {
            EngineConfig d = EngineConfig.defaults();
            return new EngineSection(true, "local", 0, d.contextLength(), d.parallel(), d.maxQueued(), d.keepAlive(), d.memoryBudgetBytes(),
                    d.loadWait());
        }

        public EngineConfig toEngineConfig() {
            return engineConfig(threads, contextLength, parallel, maxQueued, keepAlive, memoryBudgetBytes, loadWait);
        }

        private static EngineConfig engineConfig(int threads, int contextLength, int parallel, int maxQueued,
                                                 java.time.Duration keepAlive, long memoryBudgetBytes, java.time.Duration loadWait) {
            int n = threads == 0 ? Math.max(1, Runtime.getRuntime().availableProcessors()) : threads;
            try {
                return new EngineConfig(n, contextLength, parallel, maxQueued, keepAlive, memoryBudgetBytes, loadWait);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("engine." + e.getMessage());
            }
        }
    }
}
