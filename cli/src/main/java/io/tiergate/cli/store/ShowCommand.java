package io.tiergate.cli.store;

import io.tiergate.store.ModelDetails;
import io.tiergate.store.ModelManifest;
import io.tiergate.store.ModelStore;
import io.tiergate.store.progress.ByteUnits;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;

/** {@code tiergate show NAME}: a stored model's metadata, files and chat template. */
@Command(name = "show", mixinStandardHelpOptions = true, description = "Show a stored model: source, revision, metadata, files and chat template.")
public final class ShowCommand extends StoreCommand {

    @Parameters(index = "0", paramLabel = "NAME", description = "model name, as listed by 'tiergate models'")
    String name;

    @Override
    void run(ModelStore store, PrintWriter out) {
        ModelDetails d = store.show(name);
        ModelManifest m = d.manifest();
        out.println("name:           " + m.name());
        out.println("source:         " + m.source());
        if (!m.repo().isEmpty()) out.println("repository:     " + m.repo() + " @ " + m.revision());
        out.println("architecture:   " + m.architecture());
        out.println("parameters:     " + ModelsCommand.parameters(m.parameterCount()) + " (" + m.parameterCount() + ")");
        out.println("quantization:   " + m.quantization());
        out.println("context length: " + (m.contextLength() == 0 ? "not stated" : m.contextLength() + " tokens"));
        out.println("size:           " + ByteUnits.bytes(m.totalBytes()));
        out.println("stored:         " + m.createdAt());
        out.println("files:");
        for (int i = 0; i < m.files().size(); i++) {
            ModelManifest.ModelFile f = m.files().get(i);
            out.println("  " + f.name() + "  sha256:" + f.sha256() + "  " + ByteUnits.bytes(f.bytes()) + "  " + d.parts().get(i));
        }
        out.println("chat template:" + d.template().map(t -> "\n" + t).orElse(" (none in the GGUF)"));
    }
}
