package io.tiergate.cli.store;

import io.tiergate.store.ModelManifest;
import io.tiergate.store.ModelStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;

/** {@code tiergate import FILE.gguf [--name NAME]}: add a GGUF file you already have to the store. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Add a local GGUF file (or the first part of a split set) to the store, hard-linked or copied.")
public final class ImportCommand extends StoreCommand {

    @Parameters(index = "0", paramLabel = "FILE.gguf", description = "the GGUF file")
    Path file;

    @Option(names = "--name", paramLabel = "NAME", description = "name to store it under (default: the file name, lower-case, without .gguf)")
    String name = "";

    @Override
    void run(ModelStore store, PrintWriter out) {
        ModelManifest m = store.importFile(file, name);
        out.println("imported " + m.name() + ": " + m.architecture() + " " + ModelsCommand.parameters(m.parameterCount())
                + " " + m.quantization() + " from " + file);
    }
}
