package io.tiergate.router.learn;

import io.tiergate.router.features.MiniLmSentenceEmbedder;
import io.tiergate.router.features.RequestFeaturizer;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Embeddings of training prompts ({@link RequestFeaturizer#embedding}), remembered in one append-only file per token
 * budget and embedding model ({@code all-minilm-l6-v2-q-3-layers-question-end-<budget>.bin}: records of an 8-byte text hash and 384 floats), because encoding a
 * benchmark takes a minute and training runs many times. Without a directory nothing is stored.
 */
public final class EmbeddingCache {
    private final MiniLmSentenceEmbedder embedder;
    private final int budgetTokens;
    private final Optional<Path> file;

    public EmbeddingCache(MiniLmSentenceEmbedder embedder, int budgetTokens, Optional<Path> directory) {
        this.embedder = embedder;
        this.budgetTokens = budgetTokens;
        this.file = directory.map(d -> d.resolve(embedder.modelName() + "-question-end-" + budgetTokens + ".bin"));
    }

    /** The embedder whose vectors this cache holds (a trained router records what it produces). */
    public MiniLmSentenceEmbedder embedder() {
        return embedder;
    }

    /** One embedding per text, in order; new ones are computed and appended to the cache file. */
    public float[][] embedAll(List<String> texts) {
        Map<Long, float[]> known = load();
        float[][] out = new float[texts.size()][];
        try (DataOutputStream append = file.isPresent() ? open(file.get()) : null) {
            for (int i = 0; i < texts.size(); i++) {
                long key = hash(texts.get(i));
                float[] v = known.get(key);
                if (v == null) {
                    v = RequestFeaturizer.embedding(embedder, texts.get(i), budgetTokens);
                    known.put(key, v);
                    if (append != null) write(append, key, v);
                }
                out[i] = v;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write embedding cache " + file.orElseThrow(), e);
        }
        return out;
    }

    private static DataOutputStream open(Path f) throws IOException {
        Files.createDirectories(f.toAbsolutePath().getParent());
        return new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(f, StandardOpenOption.CREATE, StandardOpenOption.APPEND)));
    }

    private static void write(DataOutputStream out, long key, float[] v) throws IOException {
        out.writeLong(key);
        for (float x : v) out.writeFloat(x);
    }

    private Map<Long, float[]> load() {
        Map<Long, float[]> map = new HashMap<>();
        if (file.isEmpty() || !Files.isRegularFile(file.get())) return map;
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file.get())))) {
            while (true) {
                long key = in.readLong();
                float[] v = new float[MiniLmSentenceEmbedder.DIMENSION];
                for (int i = 0; i < v.length; i++) v[i] = in.readFloat();
                map.put(key, v);
            }
        } catch (EOFException endOrTruncatedRecord) {
            return map;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read embedding cache " + file.get(), e);
        }
    }

    static long hash(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            long h = 0;
            for (int i = 0; i < 8; i++) h = (h << 8) | (d[i] & 0xff);
            return h;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always present", e);
        }
    }
}
