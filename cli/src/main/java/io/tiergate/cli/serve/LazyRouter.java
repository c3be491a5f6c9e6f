package io.tiergate.cli.serve;

import io.tiergate.api.ChatRequest;
import io.tiergate.api.Difficulty;
import io.tiergate.api.DifficultyScorer;
import io.tiergate.api.RoutePlan;
import io.tiergate.api.Router;
import io.tiergate.api.TierRef;
import io.tiergate.router.RouterConfig;
import io.tiergate.router.RouterFactory;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The router, loaded in the background at start-up (the embedding model takes a second or two and
 * ~100 MB), so the server is up at once; the first {@code auto} request waits for it if it is early.
 */
final class LazyRouter implements DifficultyScorer, Router {
    private final CompletableFuture<RouterFactory.LoadedRouter> loaded;

    LazyRouter(RouterConfig config, PrintWriter log) {
        this.loaded = CompletableFuture.supplyAsync(() -> {
            RouterFactory.LoadedRouter r = RouterFactory.fromConfig(config);
            log.printf("tiergate: router %s loaded in %d ms (%s)%n", config.file(), r.loadMillis(), config.targetDescription());
            log.flush();
            return r;
        }, task -> Thread.ofPlatform().daemon().name("router-loader").start(task));
    }

    @Override
    public Difficulty score(ChatRequest request) {
        return loaded.join().scorer().score(request);
    }

    @Override
    public RoutePlan plan(ChatRequest request, Difficulty difficulty, List<TierRef> allowedTiers) {
        return loaded.join().router().plan(request, difficulty, allowedTiers);
    }
}
