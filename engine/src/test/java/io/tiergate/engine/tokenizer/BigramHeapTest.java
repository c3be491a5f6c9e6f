package io.tiergate.engine.tokenizer;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The merge queue pops in llama.cpp's order: best score (or lowest rank) first, then leftmost. */
class BigramHeapTest {

    @Test
    void scoresPopHighestFirstIncludingNegativesAndTiesLeftmostFirst() {
        BigramHeap heap = new BigramHeap(1);
        float[] scores = {-3.5f, 0f, -0.25f, 12f, -3.5f, -1000f, 12f};
        for (int left = 0; left < scores.length; left++) heap.push(BigramHeap.scoreKey(scores[left], left), left + 1, 2);
        List<Integer> order = new ArrayList<>();
        while (!heap.isEmpty()) {
            order.add(BigramHeap.left(heap.topKey()));
            assertThat(heap.topRight()).isEqualTo(order.getLast() + 1);
            heap.pop();
        }
        assertThat(order).containsExactly(3, 6, 1, 2, 0, 4, 5);
    }

    @Test
    void ranksPopLowestFirstOnManyRandomEntries() {
        BigramHeap heap = new BigramHeap(4);
        Random random = new Random(7);
        for (int i = 0; i < 5000; i++) heap.push(BigramHeap.rankKey(random.nextInt(100), random.nextInt(1_000_000)), i, i);
        long previous = Long.MIN_VALUE;
        int popped = 0;
        while (!heap.isEmpty()) {
            assertThat(heap.topKey()).isGreaterThanOrEqualTo(previous);
            previous = heap.topKey();
            heap.pop();
            popped++;
        }
        assertThat(popped).isEqualTo(5000);
    }
}
