package io.tiergate.cli.store;

import io.tiergate.store.ModelManifest;
import io.tiergate.store.ModelStore;
import io.tiergate.store.progress.ByteUnits;
import io.tiergate.store.progress.ProgressRenderers;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;

/** {@code tiergate pull REF}: download a GGUF model from the Hugging Face Hub into the store. */
@Command(name = "pull", mixinStandardHelpOptions = true,
        description = {"Download a GGUF model into the local store, with resume and SHA-256 verification.",
                "REF: hf.co/ORG/REPO:QUANT, ORG/REPO:QUANT, ORG/REPO/FILE.gguf, or an alias such as qwen3:0.6b (see docs/models.md).",
                "Honours HF_ENDPOINT (mirror) and HF_TOKEN (gated repos)."})
public final class PullCommand extends StoreCommand {

    @Parameters(index = "0", paramLabel = "REF", description = "model reference")
    String reference;

    @Override
    void run(ModelStore store, PrintWriter out) {
        ModelManifest m = store.pull(reference, ProgressRenderers.forProcess(out));
        out.println("pulled " + m.name() + ": " + m.architecture() + " " + ModelsCommand.parameters(m.parameterCount())
                + " " + m.quantization() + ", " + ByteUnits.bytes(m.totalBytes()) + " in " + m.files().size()
                + (m.files().size() == 1 ? " file" : " files") + " (revision " + m.revision() + ")");
    }
}
