package io.tiergate.store;

import io.tiergate.store.hub.HubConfig;
import io.tiergate.store.progress.PullProgress;

import java.nio.file.Path;
import java.util.Map;

/** Entry point for {@link CrossProcessPullIT}: pulls args[2] from HF_ENDPOINT args[0] into store args[1]. */
public final class PullInAnotherProcess {

    private PullInAnotherProcess() {}

    public static void main(String[] args) {
        ModelStore store = new ModelStore(new StorePaths(Path.of(args[1])),
                HubConfig.fromEnvironment(Map.of("HF_ENDPOINT", args[0])), ModelCatalogue.builtIn());
        ModelManifest m = store.pull(args[2], PullProgress.silent());
        System.out.println("sha256=" + m.files().getFirst().sha256());
    }
}
