package io.tiergate.cli.store;

import io.tiergate.api.TiergateException;
import io.tiergate.store.ModelCatalogue;
import io.tiergate.store.ModelStore;
import io.tiergate.store.StorePaths;
import io.tiergate.store.hub.HubConfig;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * Shared shape of the model-store commands: open the store (TIERGATE_HOME, HF_ENDPOINT, HF_TOKEN, or the
 * options below), run, and print store errors as one line on stderr. Exit codes: 0 ok, 2 bad input, 1 other failures.
 */
abstract class StoreCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--home", paramLabel = "DIR", description = "Tiergate home (default: $TIERGATE_HOME or ~/.tiergate); models live in DIR/models")
    Path home;

    @Option(names = "--hf-endpoint", paramLabel = "URL", hidden = true, description = "Hub base URL (default: $HF_ENDPOINT or https://huggingface.co)")
    URI hfEndpoint;

    /** Does the work; store failures are thrown as {@link TiergateException}s. */
    abstract void run(ModelStore store, PrintWriter out);

    @Override
    public final Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            run(openStore(), out);
            out.flush();
            return 0;
        } catch (TiergateException e) {
            out.flush();
            err.println("tiergate " + spec.name() + ": " + e.getMessage());
            err.flush();
            return e.status() == 400 ? 2 : 1;
        } catch (IllegalArgumentException e) {
            err.println("tiergate " + spec.name() + ": " + e.getMessage());
            err.flush();
            return 2;
        }
    }

    private ModelStore openStore() {
        StorePaths paths = home != null ? new StorePaths(home.resolve("models")) : StorePaths.fromEnvironment();
        HubConfig hub = HubConfig.fromEnvironment();
        if (hfEndpoint != null) hub = hub.withEndpoint(hfEndpoint);
        return new ModelStore(paths, hub, ModelCatalogue.builtIn());
    }
}
