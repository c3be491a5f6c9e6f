package io.tiergate.engine.sample;

import java.util.PriorityQueue;

/** Indices of the k largest values, largest first, in O(n log k). */
final class TopK {

    private TopK() {}

    static int[] indices(float[] v, int k) {
        if (k <= 0) return new int[0];
        PriorityQueue<Integer> heap = new PriorityQueue<>(k + 1, (a, b) -> v[a] != v[b] ? Float.compare(v[a], v[b]) : Integer.compare(b, a));
        for (int i = 0; i < v.length; i++) {
            if (heap.size() < k) {
                heap.add(i);
            } else if (v[i] > v[heap.peek()]) {
                heap.poll();
                heap.add(i);
            }
        }
        int[] out = new int[heap.size()];
        for (int i = out.length - 1; i >= 0; i--) out[i] = heap.poll();
        return out;
    }
}
