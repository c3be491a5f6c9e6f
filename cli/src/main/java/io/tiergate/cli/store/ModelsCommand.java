package io.tiergate.cli.store;

import io.tiergate.store.ModelManifest;
import io.tiergate.store.ModelStore;
import io.tiergate.store.progress.ByteUnits;
import picocli.CommandLine.Command;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** {@code tiergate models}: the models in the local store. */
@Command(name = "models", aliases = "list", mixinStandardHelpOptions = true, description = "List the models in the local store.")
public final class ModelsCommand extends StoreCommand {

    private static final String ROW = "%-44s %-10s %7s %-8s %10s %8s%n";

    @Override
    void run(ModelStore store, PrintWriter out) {
        List<ModelManifest> models = store.list();
        if (models.isEmpty()) {
            out.println("no models in " + store.paths().root() + " (try: tiergate pull qwen3:0.6b)");
            return;
        }
        out.printf(ROW, "NAME", "ARCH", "PARAMS", "QUANT", "SIZE", "CONTEXT");
        for (ModelManifest m : models) {
            out.printf(ROW, m.name(), m.architecture(), parameters(m.parameterCount()), m.quantization(),
                    ByteUnits.bytes(m.totalBytes()), m.contextLength() == 0 ? "-" : String.valueOf(m.contextLength()));
        }
    }

    /** {@code 596M}, {@code 1.7B}: parameter counts the way model cards write them. */
    static String parameters(long n) {
        if (n >= 1_000_000_000L) return String.format(Locale.ROOT, "%.1fB", n / 1e9);
        if (n >= 1_000_000L) return String.format(Locale.ROOT, "%dM", Math.round(n / 1e6));
        if (n >= 1_000L) return String.format(Locale.ROOT, "%dK", Math.round(n / 1e3));
        return String.valueOf(n);
    }
}
