package io.tiergate.engine.tensor;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ThreadPoolKernelsTest {

    @Test
    void fewHeavyItemsAreSharedBetweenThreads() throws Exception {
        // A generated token's attention is one item per head (14 on Qwen2.5-0.5B): fewer than the
        // 8-row chunks of the matrix kernels would split, so they ask for chunks of one item.
        try (ThreadPoolKernels kernels = new ThreadPoolKernels(2)) {
            CountDownLatch bothInside = new CountDownLatch(2);
            Set<Thread> threads = ConcurrentHashMap.newKeySet();
            AtomicIntegerArray runs = new AtomicIntegerArray(14);
            kernels.parallelFor(14, 1, (from, to) -> {
                if (threads.add(Thread.currentThread())) {
                    bothInside.countDown();
                    try {
                        // each thread holds its first item until the other has one too
                        bothInside.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                for (int i = from; i < to; i++) runs.incrementAndGet(i);
            });
            assertThat(threads).hasSize(2);
            for (int i = 0; i < 14; i++) assertThat(runs.get(i)).as("item %d", i).isEqualTo(1);
        }
    }

    @Test
    void chunksShrinkTowardsTheEndButNeverBelowTheMinimumAsked() {
        // the activation pass asks for at least 512 elements a chunk; only the pass's remainder may be smaller
        try (ThreadPoolKernels kernels = new ThreadPoolKernels(2)) {
            List<int[]> chunks = Collections.synchronizedList(new ArrayList<>());
            kernels.parallelFor(4864, 512, (from, to) -> chunks.add(new int[]{from, to}));
            chunks.sort(Comparator.comparingInt(c -> c[0]));
            int covered = 0;
            for (int i = 0; i < chunks.size(); i++) {
                int[] c = chunks.get(i);
                assertThat(c[0]).as("chunk %d starts where the last ended", i).isEqualTo(covered);
                if (c[1] < 4864) assertThat(c[1] - c[0]).as("chunk %d", i).isGreaterThanOrEqualTo(512);
                covered = c[1];
            }
            assertThat(covered).isEqualTo(4864);
            assertThat(chunks.getFirst()[1]).as("the first chunk is a quarter of the pass").isEqualTo(4864 / 4);
        }
    }

    @Test
    void aFailingBodyFailsThePassOnTheCallersThread() {
        try (ThreadPoolKernels kernels = new ThreadPoolKernels(2)) {
            assertThatThrownBy(() -> kernels.parallelFor(1000, (from, to) -> {
                if (from >= 500) throw new IllegalStateException("row " + from);
            })).isInstanceOf(IllegalStateException.class).hasMessageStartingWith("row ");
            // the pool still works after a failed pass
            AtomicIntegerArray runs = new AtomicIntegerArray(100);
            kernels.parallelFor(100, (from, to) -> {
                for (int i = from; i < to; i++) runs.incrementAndGet(i);
            });
            for (int i = 0; i < 100; i++) assertThat(runs.get(i)).isEqualTo(1);
        }
    }
}
