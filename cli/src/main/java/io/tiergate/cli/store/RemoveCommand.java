package io.tiergate.cli.store;

import io.tiergate.store.ModelStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;

/** {@code tiergate rm NAME}: remove a model; files other models share are kept. */
@Command(name = "rm", aliases = "remove", mixinStandardHelpOptions = true,
        description = "Remove a model from the local store (files shared with other models are kept).")
public final class RemoveCommand extends StoreCommand {

    @Parameters(index = "0", paramLabel = "NAME", description = "model name, as listed by 'tiergate models'")
    String name;

    @Override
    void run(ModelStore store, PrintWriter out) {
        String stored = store.find(name).map(m -> m.name()).orElse(name);
        store.remove(name);
        out.println("removed " + stored);
    }
}
