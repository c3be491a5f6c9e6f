package io.tiergate.engine.tokenizer;

import java.util.List;

/**
 * Everything a tokenizer needs from a model file, with llama.cpp's defaults already applied.
 * Special ids are -1 when the vocabulary has none.
 *
 * @param tokens      token texts by id (byte-level BPE: GPT-2 byte-encoded; SPM: with U+2581 for space)
 * @param scores      SentencePiece scores by id (merge priority; higher first); zeros for BPE
 * @param tokenTypes  GGUF token types by id (1 normal, 2 unknown, 3 control, 4 user-defined, 5 unused, 6 byte)
 * @param merges      BPE merges "left right", rank = index; empty for SPM
 * @param preTokenizer BPE word splitting; for SPM it is unused ("default")
 */
public record Vocabulary(
        TokenizerKind kind,
        PreTokenizer preTokenizer,
        List<String> tokens,
        float[] scores,
        int[] tokenTypes,
        List<String> merges,
        int bos,
        int eos,
        int eot,
        int eom,
        int unk,
        int pad,
        boolean addBos,
        boolean addEos,
        boolean addSpacePrefix) {

    public static final int NONE = -1;

    public Vocabulary {
        tokens = List.copyOf(tokens);
        merges = List.copyOf(merges);
        if (scores.length < tokens.size()) {
            throw new TokenizerException("tokenizer scores: " + scores.length + " values for " + tokens.size() + " tokens");
        }
        if (tokenTypes.length < tokens.size()) {
            throw new TokenizerException("tokenizer token types: " + tokenTypes.length + " values for " + tokens.size() + " tokens");
        }
        for (int id : new int[] {bos, eos, eot, eom, unk, pad}) {
            if (id < NONE || id >= tokens.size()) {
                throw new TokenizerException("special token id " + id + " is outside the vocabulary of " + tokens.size());
            }
        }
    }

    public int size() {
        return tokens.size();
    }
}
