package io.tiergate.cli.serve;

import io.tiergate.cli.config.TiergateConfig;
import io.tiergate.engine.backend.InProcessBackend;
import io.tiergate.gateway.Tier;
import io.tiergate.store.DefaultModel;
import io.tiergate.store.ModelStore;
import io.tiergate.store.progress.ProgressRenderers;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The in-process tier: the engine serving the model store's models. With an empty store it first pulls
 * the documented default model (when allowed); offline, it says so and the other tiers serve alone.
 */
final class EngineTier {
    private EngineTier() {}

    static Optional<Tier> create(TiergateConfig config, Map<String, String> env, PrintWriter log, List<AutoCloseable> resources) {
        if (!config.engine().enabled()) return Optional.empty();
        ModelStore store = config.store().open(env);
        if (store.names().isEmpty() && config.store().pullDefaultModel()) {
            DefaultModel.Outcome outcome = DefaultModel.ensure(store, config.store().defaultModel(), ProgressRenderers.forProcess(log));
            switch (outcome) {
                case DefaultModel.Outcome.Pulled p -> log.println("tiergate: pulled the default model " + p.manifest().name());
                case DefaultModel.Outcome.Unavailable u -> log.println("tiergate: no local model: " + u.reason());
                case DefaultModel.Outcome.AlreadyStored a -> { }
            }
        }
        List<String> names = store.names();
        if (names.isEmpty()) {
            log.println("tiergate: the model store (" + store.paths().root() + ") is empty; the in-process tier is off. "
                    + "Pull a model with './tiergate pull qwen3:0.6b' or import one with './tiergate import FILE.gguf'.");
            return Optional.empty();
        }
        // Each model speaks through its own chat template (ChatML only when the file has none).
        InProcessBackend backend = new InProcessBackend("engine", store, config.engine().toEngineConfig());
        resources.add(backend);
        List<String> models = new ArrayList<>(names);
        models.add("*"); // models pulled while serving are reachable as <tier>/<name>
        return Optional.of(new Tier(config.engine().tier(), 0, backend, models, List.of(backend.info())));
    }
}
