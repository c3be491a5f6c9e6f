package io.tiergate.engine.tokenizer;

import java.util.Arrays;

/**
 * A binary min-heap of candidate merges without object allocation: each entry is a long priority
 * key (smaller first; the low 32 bits hold the left symbol index so ties go leftmost first, as in
 * llama.cpp) and two ints, the right symbol index and the merged length checked against staleness.
 */
final class BigramHeap {
    private long[] keys;
    private int[] rights;
    private int[] sizes;
    private int count;

    BigramHeap(int capacity) {
        int c = Math.max(8, capacity);
        keys = new long[c];
        rights = new int[c];
        sizes = new int[c];
    }

    /** Key for a merge rank (BPE): lower rank first. */
    static long rankKey(int rank, int left) {
        return ((long) rank << 32) | left;
    }

    /** Key for a score (SentencePiece): higher score first. */
    static long scoreKey(float score, int left) {
        int bits = Float.floatToIntBits(score);
        int ascending = bits ^ ((bits >> 31) & 0x7fffffff);
        return ((long) ~ascending << 32) | left;
    }

    static int left(long key) {
        return (int) key;
    }

    boolean isEmpty() {
        return count == 0;
    }

    void push(long key, int right, int size) {
        if (count == keys.length) {
            keys = Arrays.copyOf(keys, count * 2);
            rights = Arrays.copyOf(rights, count * 2);
            sizes = Arrays.copyOf(sizes, count * 2);
        }
        int i = count++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (keys[parent] <= key) break;
            move(parent, i);
            i = parent;
        }
        place(i, key, right, size);
    }

    /** Removes the smallest entry; read it first with {@link #topKey}, {@link #topRight}, {@link #topSize}. */
    void pop() {
        long key = keys[--count];
        int right = rights[count];
        int size = sizes[count];
        int i = 0;
        int half = count >>> 1;
        while (i < half) {
            int child = 2 * i + 1;
            if (child + 1 < count && keys[child + 1] < keys[child]) child++;
            if (key <= keys[child]) break;
            move(child, i);
            i = child;
        }
        place(i, key, right, size);
    }

    long topKey() {
        return keys[0];
    }

    int topRight() {
        return rights[0];
    }

    int topSize() {
        return sizes[0];
    }

    private void move(int from, int to) {
        place(to, keys[from], rights[from], sizes[from]);
    }

    private void place(int i, long key, int right, int size) {
        keys[i] = key;
        rights[i] = right;
        sizes[i] = size;
    }
}
