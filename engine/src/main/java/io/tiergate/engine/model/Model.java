package io.tiergate.engine.model;

import io.tiergate.engine.gguf.GgufFile;
import io.tiergate.engine.gguf.GgufMetadata;
import io.tiergate.engine.tensor.ThreadPoolKernels;

import java.nio.file.Path;
import java.util.List;

/**
 * A loaded model: the mapped GGUF file, its configuration, its weights (in place in the mapping) and
 * the kernel threads. Forward passes are serialised (one batch at a time uses all kernel threads);
 * sequences are {@link Session}s, batched together by the caller.
 */
public final class Model implements AutoCloseable {

    private final GgufFile file;
    private final ModelConfig config;
    private final TransformerForward forward;
    private final ThreadPoolKernels kernels;

    private Model(GgufFile file, ModelConfig config, TransformerForward forward, ThreadPoolKernels kernels) {
        this.file = file;
        this.config = config;
        this.forward = forward;
        this.kernels = kernels;
    }

    /** Maps {@code path} and binds its weights; throws GgufFormatException for unusable files. */
    public static Model load(Path path, int threads) {
        GgufFile file = GgufFile.open(path);
        try {
            Architecture arch = Architectures.of(file);
            ModelConfig config = arch.config(file.metadata());
            ArchitectureTraits traits = arch.traits(file.metadata(), config);
            ModelWeights weights = new GgufWeightLoader(file, config).load();
            ThreadPoolKernels kernels = new ThreadPoolKernels(threads);
            return new Model(file, config, new TransformerForward(config, traits, weights, kernels), kernels);
        } catch (RuntimeException e) {
            file.close();
            throw e;
        }
    }

    public ModelConfig config() { return config; }

    public GgufMetadata metadata() { return file.metadata(); }

    public Path path() { return file.path(); }

    /** Size of the mapped file, which is what the weights take in memory. */
    public long fileBytes() { return file.fileBytes(); }

    public int threads() { return kernels.threads(); }

    /** A new empty sequence with room for {@code contextLength} tokens (capped at the trained context). */
    public Session newSession(int contextLength) {
        return new Session(config, Math.min(contextLength, config.contextLength()));
    }

    /** Runs one batched pass; returns the logits after each segment's last token. */
    public synchronized float[][] forward(List<Segment> segments) {
        return forward.forward(segments);
    }

    /** Appends {@code tokens} to {@code session} and returns the logits after the last one. */
    public float[] forward(Session session, int[] tokens) {
        return forward(List.of(new Segment(session, tokens)))[0];
    }

    @Override
    public void close() {
        kernels.close();
        file.close();
    }
}
