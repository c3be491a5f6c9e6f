package io.tiergate.store;

import io.tiergate.store.progress.PullProgress;

import java.util.List;

/**
 * What {@code serve} does before it starts: with an empty store, pull the documented default small model
 * ({@value ModelCatalogue#DEFAULT_ALIAS}); when that is impossible (no network, disk full...), say why and
 * let the server go on with its other tiers instead of failing.
 */
public final class DefaultModel {

    /** The result of {@link #ensure}. */
    public sealed interface Outcome {
        /** The store already had models; nothing was pulled. */
        record AlreadyStored(List<String> names) implements Outcome {}

        /** The default model was pulled. */
        record Pulled(ModelManifest manifest) implements Outcome {}

        /** Nothing could be pulled; {@code reason} is a sentence for the log, ending with what happens next. */
        record Unavailable(String reason) implements Outcome {}
    }

    private DefaultModel() {}

    public static Outcome ensure(ModelStore store, PullProgress progress) {
        return ensure(store, ModelCatalogue.DEFAULT_ALIAS, progress);
    }

    /** Pulls {@code reference} (e.g. {@link StoreConfig#defaultModel()}) when the store is empty. */
    public static Outcome ensure(ModelStore store, String reference, PullProgress progress) {
        List<String> names = store.names();
        if (!names.isEmpty()) return new Outcome.AlreadyStored(names);
        try {
            return new Outcome.Pulled(store.pull(reference, progress));
        } catch (ModelStoreException e) {
            return new Outcome.Unavailable(e.getMessage() + "; serving the other tiers");
        }
    }
}
