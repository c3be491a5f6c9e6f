package io.tiergate.engine.tokenizer;

/**
 * The doubly linked list of symbols both merge algorithms work on (llama.cpp's {@code llm_symbol}):
 * symbol i covers {@code text[start[i], start[i] + len[i])}; a symbol merged into its left
 * neighbour has length 0 and is unlinked.
 */
final class SymbolChain {
    final String text;
    final int[] start;
    final int[] len;
    final int[] prev;
    final int[] next;

    /** One symbol per code point of {@code text}. */
    SymbolChain(String text) {
        this.text = text;
        int n = text.codePointCount(0, text.length());
        start = new int[n];
        len = new int[n];
        prev = new int[n];
        next = new int[n];
        for (int i = 0, off = 0; i < n; i++) {
            int cl = Character.charCount(text.codePointAt(off));
            start[i] = off;
            len[i] = cl;
            prev[i] = i - 1;
            next[i] = i + 1 < n ? i + 1 : -1;
            off += cl;
        }
    }

    int size() {
        return start.length;
    }

    String symbol(int i) {
        return text.substring(start[i], start[i] + len[i]);
    }

    /** Merges symbol {@code right} into its left neighbour {@code left}. */
    void merge(int left, int right) {
        len[left] += len[right];
        len[right] = 0;
        next[left] = next[right];
        if (next[right] >= 0) prev[next[right]] = left;
    }
}
