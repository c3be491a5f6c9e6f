package io.tiergate.gateway;

import io.tiergate.api.Locality;
import io.tiergate.testkit.dummy.DummyBackend;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** Which model names keep their own metric label: configured ones always, a wildcard tier's client names up to the cap. */
class WildcardModelLabelsTest {
    final DummyBackend backend = new DummyBackend("b", Locality.CLOUD, "openai");
    final ModelResolver resolver = new ModelResolver(List.of(
            new Tier("fixed", 0, backend, List.of("small"), List.of(backend.info())),
            new Tier("open", 1, backend, List.of("gpt-4o", "*"), List.of(backend.info()))),
            Map.of("smart", "open/o3"));

    @Test
    void configuredNamesAndAliasTargetsKeepTheirNamesAfterTheCap() {
        for (int i = 0; i < 500; i++) resolver.modelLabel("open", "client-" + i);
        assertThat(resolver.modelLabel("open", "client-0")).isEqualTo("client-0");
        assertThat(resolver.modelLabel("open", "client-" + (WildcardModelLabels.MAX_NAMES_PER_TIER - 1)))
                .isEqualTo("client-" + (WildcardModelLabels.MAX_NAMES_PER_TIER - 1));
        assertThat(resolver.modelLabel("open", "client-" + WildcardModelLabels.MAX_NAMES_PER_TIER)).isEqualTo("(other)");
        assertThat(resolver.modelLabel("open", "gpt-4o")).isEqualTo("gpt-4o");
        assertThat(resolver.modelLabel("open", "o3")).as("the alias 'smart' names it").isEqualTo("o3");
        assertThat(resolver.modelLabel("fixed", "small")).isEqualTo("small");
    }

    @Test
    void racingNewNamesNeverPassTheCapAndEachNameGetsOneLabel() throws Exception {
        Set<String> own = ConcurrentHashMap.newKeySet();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<?>> runs = new java.util.ArrayList<>();
            for (int t = 0; t < 8; t++) {
                runs.add(pool.submit(() -> {
                    for (int i = 0; i < 400; i++) {
                        String name = "n-" + i;
                        String label = resolver.modelLabel("open", name);
                        if (label.equals(name)) own.add(name);
                        assertThat(label).isIn(name, "(other)");
                    }
                }));
            }
            for (Future<?> f : runs) f.get();
        }
        assertThat(own).hasSize(WildcardModelLabels.MAX_NAMES_PER_TIER);
        for (int i = 0; i < 400; i++) {
            String name = "n-" + i;
            assertThat(resolver.modelLabel("open", name)).isEqualTo(own.contains(name) ? name : "(other)");
        }
    }
}
