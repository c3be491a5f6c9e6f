package io.tiergate.cli.store;

import io.tiergate.store.ImportMode;
import io.tiergate.store.ModelManifest;
import io.tiergate.store.ModelStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code tiergate import FILE.gguf [--name NAME] [--link]}: add a GGUF file you already have to the store. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Add a local GGUF file (or the first part of a split set) to the store.",
                "The file is copied: the store owns its copy, and you may then change or delete the original."})
public final class ImportCommand extends StoreCommand {

    @Parameters(index = "0", paramLabel = "FILE.gguf", description = "the GGUF file")
    Path file;

    @Option(names = "--name", paramLabel = "NAME", description = "name to store it under (default: the file name, lower-case, without .gguf)")
    String name = "";

    @Option(names = "--link", description = "Hard-link the file into the store instead of copying it (no extra disk space). "
            + "Risky: the stored model then IS your file, and rewriting it in place (an editor, '>', re-quantising to the "
            + "same path) corrupts the stored model and can crash a server that has it loaded. Needs one file system.")
    boolean link;

    @Override
    void run(ModelStore store, PrintWriter out) {
        ModelManifest m = store.importFile(file, name, link ? ImportMode.HARD_LINK : ImportMode.COPY);
        out.println("imported " + m.name() + ": " + m.architecture() + " " + ModelsCommand.parameters(m.parameterCount())
                + " " + m.quantization() + " from " + file + linkNote(store, m));
    }

    /** Says whether --link linked: a blob already stored is kept as it is, and the file is then not linked. */
    private String linkNote(ModelStore store, ModelManifest m) {
        if (!link) return "";
        boolean linked = store.locate(m.name()).map(blob -> {
            try {
                return Files.isSameFile(blob, file);
            } catch (IOException e) {
                return false;
            }
        }).orElse(false);
        return linked ? " (hard-linked: do not rewrite the file in place)" : " (already stored as a copy: not linked)";
    }
}
