package io.tiergate.engine.tokenizer;

import io.tiergate.engine.gguf.GgufMetadata;

import java.util.List;
import java.util.OptionalLong;

/**
 * Reads the {@code tokenizer.ggml.*} keys of a GGUF file into a {@link Vocabulary}, applying the
 * defaults llama.cpp's {@code llama_vocab::load} applies for each model kind and pre-tokenizer.
 */
public final class GgufVocabularyReader {
    private GgufVocabularyReader() {}

    public static Vocabulary read(GgufMetadata meta) {
        String model = meta.string("tokenizer.ggml.model");
        List<String> tokens = meta.stringArray("tokenizer.ggml.tokens");
        int n = tokens.size();
        float[] scores = meta.has("tokenizer.ggml.scores") ? meta.floatArray("tokenizer.ggml.scores") : new float[n];
        int[] types = meta.has("tokenizer.ggml.token_type") ? meta.intArray("tokenizer.ggml.token_type") : filled(n, 1);
        String preName = meta.optString("tokenizer.ggml.pre").orElse("default");

        TokenizerKind kind;
        PreTokenizer pre;
        List<String> merges;
        int bos, eos, unk;
        boolean addBos, addSpacePrefix;
        switch (model) {
            case "llama" -> {
                kind = TokenizerKind.SPM;
                pre = PreTokenizer.byName("default").orElseThrow();
                merges = List.of();
                bos = 1;
                eos = 2;
                unk = 0;
                addBos = true;
                addSpacePrefix = true;
            }
            case "gpt2", "gemma4" -> {
                kind = TokenizerKind.BPE;
                String name = model.equals("gemma4") ? "gemma4" : preName;
                pre = PreTokenizer.byName(name).orElseThrow(() -> new TokenizerException(
                        "unsupported pre-tokenizer '" + name + "' (tokenizer.ggml.pre); supported: "
                                + new java.util.TreeSet<>(PreTokenizer.supportedNames())));
                merges = meta.optStringArray("tokenizer.ggml.merges")
                        .orElseThrow(() -> new TokenizerException("BPE vocabulary without tokenizer.ggml.merges"));
                bos = model.equals("gemma4") ? Vocabulary.NONE : 11;
                eos = bos;
                unk = Vocabulary.NONE;
                // gemma4: llama.cpp forces add_bos on
                addBos = pre.addBos() || model.equals("gemma4");
                addSpacePrefix = false;
            }
            default -> throw new TokenizerException("unsupported tokenizer model '" + model
                    + "' (tokenizer.ggml.model); supported: llama (SentencePiece), gpt2 (byte-level BPE), gemma4");
        }
        if (bos >= n) bos = Vocabulary.NONE;
        if (eos >= n) eos = Vocabulary.NONE;
        if (unk >= n) unk = Vocabulary.NONE;
        addSpacePrefix = meta.optBool("tokenizer.ggml.add_space_prefix").orElse(addSpacePrefix);
        boolean addBosFromFile = meta.optBool("tokenizer.ggml.add_bos_token").orElse(addBos);
        addBos = model.equals("gemma4") || addBosFromFile;
        boolean addEos = meta.optBool("tokenizer.ggml.add_eos_token").orElse(false);
        return new Vocabulary(kind, pre, tokens, scores, types, merges,
                id(meta, "tokenizer.ggml.bos_token_id", bos, n),
                id(meta, "tokenizer.ggml.eos_token_id", eos, n),
                id(meta, "tokenizer.ggml.eot_token_id", Vocabulary.NONE, n),
                id(meta, "tokenizer.ggml.eom_token_id", Vocabulary.NONE, n),
                id(meta, "tokenizer.ggml.unknown_token_id", unk, n),
                id(meta, "tokenizer.ggml.padding_token_id", Vocabulary.NONE, n),
                addBos, addEos, addSpacePrefix);
    }

    /** A special id from the file, or the default when absent or out of range (as llama.cpp warns and keeps the default). */
    private static int id(GgufMetadata meta, String key, int dflt, int n) {
        OptionalLong v = meta.optInteger(key);
        if (v.isEmpty() || v.getAsLong() < 0 || v.getAsLong() >= n) return dflt;
        return (int) v.getAsLong();
    }

    private static int[] filled(int n, int v) {
        int[] a = new int[n];
        java.util.Arrays.fill(a, v);
        return a;
    }
}
