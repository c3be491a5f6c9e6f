package io.tiergate.store;

import io.tiergate.store.hub.HubConfig;

import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * The model store's settings (YAML section {@code store:}, kebab-case keys). Empty strings mean
 * "use the environment": {@code TIERGATE_HOME} (default {@code ~/.tiergate}) and {@code HF_ENDPOINT}
 * (default {@code https://huggingface.co}). {@code HF_TOKEN} is only ever read from the environment.
 *
 * @param home             Tiergate home; models live in {@code home/models}
 * @param hfEndpoint       Hub or mirror base URL
 * @param defaultModel     what {@code serve} pulls into an empty store (a catalogue alias or Hub reference)
 * @param pullDefaultModel whether {@code serve} pulls {@code defaultModel} at all when the store is empty
 */
public record StoreConfig(String home, String hfEndpoint, String defaultModel, boolean pullDefaultModel) {

    public StoreConfig {
        if (!hfEndpoint.isBlank() && !hfEndpoint.strip().matches("(?i)https?://.+")) {
            throw new IllegalArgumentException("store.hf-endpoint must be an http(s) URL, got '" + hfEndpoint + "'");
        }
        if (defaultModel.isBlank()) throw new IllegalArgumentException("store.default-model must not be empty");
        ModelRef.parse(defaultModel); // fails with a clear message naming what is wrong
    }

    public static StoreConfig defaults() {
        return new StoreConfig("", "", ModelCatalogue.DEFAULT_ALIAS, true);
    }

    /** Opens the store with these settings over {@code env} (normally {@code System.getenv()}). */
    public ModelStore open(Map<String, String> env) {
        StorePaths paths = home.isBlank()
                ? StorePaths.fromEnvironment(env, Path.of(System.getProperty("user.home")))
                : new StorePaths(Path.of(home).resolve("models"));
        HubConfig hub = HubConfig.fromEnvironment(env);
        if (!hfEndpoint.isBlank()) hub = hub.withEndpoint(URI.create(hfEndpoint.strip()));
        return new ModelStore(paths, hub, ModelCatalogue.builtIn());
    }
}
