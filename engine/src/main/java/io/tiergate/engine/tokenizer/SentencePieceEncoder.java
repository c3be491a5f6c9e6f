package io.tiergate.engine.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * SentencePiece BPE as llama.cpp's {@code llm_tokenizer_spm_session}: start from single code points,
 * repeatedly merge the adjacent pair whose concatenation is the vocabulary token with the highest
 * score (leftmost first on ties); a code point outside the vocabulary falls back to {@code <0xXX>}
 * byte tokens.
 */
final class SentencePieceEncoder {
    private final Map<String, Integer> tokenToId;
    private final float[] scores;
    private final int unk;

    SentencePieceEncoder(Map<String, Integer> tokenToId, float[] scores, int unk) {
        this.tokenToId = tokenToId;
        this.scores = scores;
        this.unk = unk;
    }

    /** Appends the ids of {@code text}, whose spaces are already U+2581. */
    void encode(String text, IntList out) {
        if (text.isEmpty()) return;
        SymbolChain sc = new SymbolChain(text);
        int n = sc.size();
        BigramHeap queue = new BigramHeap(n * 2);
        for (int i = 1; i < n; i++) tryAddBigram(sc, i - 1, i, queue);
        while (!queue.isEmpty()) {
            int l = BigramHeap.left(queue.topKey()), r = queue.topRight(), size = queue.topSize();
            queue.pop();
            if (sc.len[l] == 0 || sc.len[r] == 0 || sc.len[l] + sc.len[r] != size) continue;
            sc.merge(l, r);
            tryAddBigram(sc, sc.prev[l], l, queue);
            tryAddBigram(sc, l, sc.next[l], queue);
        }
        for (int i = 0; i != -1; i = sc.next[i]) emit(sc.symbol(i), out);
    }

    private void tryAddBigram(SymbolChain sc, int left, int right, BigramHeap queue) {
        if (left < 0 || right < 0) return;
        String piece = sc.text.substring(sc.start[left], sc.start[left] + sc.len[left] + sc.len[right]);
        Integer id = tokenToId.get(piece);
        if (id == null) return;
        queue.push(BigramHeap.scoreKey(scores[id], left), right, piece.length());
    }

    /**
     * A final symbol is a token, or a single code point outside the vocabulary, which becomes its
     * UTF-8 bytes. (llama.cpp's re-segmentation through recorded merges never applies: a merged symbol
     * is always a token, since only pairs that form a token are merged.)
     */
    private void emit(String piece, IntList out) {
        Integer id = tokenToId.get(piece);
        if (id != null) {
            out.add(id);
            return;
        }
        for (byte b : piece.getBytes(StandardCharsets.UTF_8)) out.add(byteToken(b));
    }

    /** {@code <0xXX>}, else the byte as a one-character token, else unk (llama.cpp would abort). */
    private int byteToken(byte b) {
        Integer id = tokenToId.get(String.format("<0x%02X>", b & 0xFF));
        if (id == null && b >= 0) id = tokenToId.get(String.valueOf((char) b));
        return id != null ? id : unk;
    }
}
