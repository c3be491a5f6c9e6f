package io.tiergate.engine.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Byte-pair merging of one pre-tokenized word, as llama.cpp's {@code llm_tokenizer_bpe_session}:
 * start from single characters, repeatedly merge the adjacent pair with the lowest merge rank
 * (leftmost first on ties) using a priority queue with lazy invalidation, so a word of n characters
 * costs O(n log n) rather than O(n²).
 */
final class BpeWordEncoder {
    private final Map<String, Integer> tokenToId;
    private final Map<String, Integer> mergeRanks;
    private final boolean ignoreMerges;
    private final boolean byteEncoded;

    BpeWordEncoder(Map<String, Integer> tokenToId, Map<String, Integer> mergeRanks, boolean ignoreMerges, boolean byteEncoded) {
        this.tokenToId = tokenToId;
        this.mergeRanks = mergeRanks;
        this.ignoreMerges = ignoreMerges;
        this.byteEncoded = byteEncoded;
    }

    /** Appends the ids of {@code word} (already byte-encoded when the vocabulary is byte-level). */
    void encode(String word, IntList out) {
        if (ignoreMerges) {
            Integer whole = tokenToId.get(word);
            if (whole != null) {
                out.add(whole);
                return;
            }
        }
        SymbolChain sc = new SymbolChain(word);
        int n = sc.size();
        BigramHeap queue = new BigramHeap(n * 2);
        for (int i = 1; i < n; i++) addBigram(sc, i - 1, i, queue);
        while (!queue.isEmpty()) {
            int l = BigramHeap.left(queue.topKey()), r = queue.topRight(), size = queue.topSize();
            queue.pop();
            if (sc.len[l] == 0 || sc.len[r] == 0) continue;
            // skip a bigram made stale by an earlier merge of one of its sides
            if (sc.len[l] + sc.len[r] != size || sc.start[r] != sc.start[l] + sc.len[l]) continue;
            sc.merge(l, r);
            addBigram(sc, sc.prev[l], l, queue);
            addBigram(sc, l, sc.next[l], queue);
        }
        for (int i = 0; i != -1 && n > 0; i = sc.next[i]) {
            String sym = sc.symbol(i);
            Integer id = tokenToId.get(sym);
            if (id != null) {
                out.add(id);
            } else {
                fallBackToBytes(sym, out);
            }
        }
    }

    private void addBigram(SymbolChain sc, int left, int right, BigramHeap queue) {
        if (left < 0 || right < 0) return;
        String l = sc.symbol(left);
        String r = sc.symbol(right);
        Integer rank = mergeRanks.get(l + ' ' + r);
        if (rank == null) return;
        queue.push(BigramHeap.rankKey(rank, left), right, l.length() + r.length());
    }

    /** llama.cpp's fallback for a symbol that is not a token: one token per UTF-8 byte, where one exists. */
    private void fallBackToBytes(String sym, IntList out) {
        for (byte b : sym.getBytes(StandardCharsets.UTF_8)) {
            Integer id;
            if (byteEncoded) {
                id = b >= 0 ? tokenToId.get(String.valueOf((char) b)) : null;
            } else {
                id = tokenToId.get(String.format("<0x%02X>", b & 0xFF));
            }
            if (id != null) out.add(id);
        }
    }
}
