package io.tiergate.testkit.gguf;

import java.util.ArrayList;
import java.util.List;

/**
 * A byte-level BPE ("gpt2") vocabulary without merges, so every byte of the text is one token in any
 * faithful tokenizer (ours and llama.cpp's alike): ids 0..2 are the specials
 * {@code <|endoftext|> <|im_start|> <|im_end|>}, ids 3..258 the 256 bytes in GPT-2's byte-to-unicode
 * spelling, and the rest filler tokens up to the model's vocabulary size.
 */
public final class SyntheticVocabulary {

    public static final int EOS = 0;
    public static final int IM_START = 1;
    public static final int IM_END = 2;
    public static final int FIRST_BYTE = 3;

    private SyntheticVocabulary() {}

    public static List<String> tokens(int vocabSize) {
        List<String> t = new ArrayList<>(vocabSize);
        t.add("<|endoftext|>");
        t.add("<|im_start|>");
        t.add("<|im_end|>");
        int[] byteChar = byteToUnicode();
        for (int b = 0; b < 256; b++) t.add(new String(Character.toChars(byteChar[b])));
        for (int i = t.size(); i < vocabSize; i++) t.add("[filler" + i + "]");
        return t;
    }

    /** Token types: 3 (control) for the specials, 1 (normal) for the rest. */
    public static int[] tokenTypes(int vocabSize) {
        int[] types = new int[vocabSize];
        java.util.Arrays.fill(types, 1);
        types[EOS] = types[IM_START] = types[IM_END] = 3;
        return types;
    }

    /** Token ids of ASCII/UTF-8 text under this vocabulary: one per byte. */
    public static int[] encode(String text) {
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int[] ids = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) ids[i] = FIRST_BYTE + (bytes[i] & 0xFF);
        return ids;
    }

    /** GPT-2's mapping of bytes to printable code points. */
    static int[] byteToUnicode() {
        int[] map = new int[256];
        boolean[] printable = new boolean[256];
        for (int b = '!'; b <= '~'; b++) printable[b] = true;
        for (int b = 0xA1; b <= 0xAC; b++) printable[b] = true;
        for (int b = 0xAE; b <= 0xFF; b++) printable[b] = true;
        int next = 256;
        for (int b = 0; b < 256; b++) map[b] = printable[b] ? b : next++;
        return map;
    }
}
