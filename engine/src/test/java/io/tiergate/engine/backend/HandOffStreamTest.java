package io.tiergate.engine.backend;

import io.tiergate.api.ChatChunk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** Chunks handed from the batch thread to the request thread: order, the end of a generation, and a client too far behind. */
@Timeout(30)
class HandOffStreamTest {

    private static ChatChunk chunk(int i) {
        return new ChatChunk("c" + i, "m", 0, List.of(), Optional.empty());
    }

    @Test
    void deliversInOrderOnTheCallersThreadThenWritesStraightThrough() throws Exception {
        List<String> got = new ArrayList<>();
        List<Thread> writers = new ArrayList<>();
        HandOffStream s = new HandOffStream(c -> {
            got.add(c.id());
            writers.add(Thread.currentThread());
            return true;
        });
        CompletableFuture<String> done = new CompletableFuture<>();
        Thread batch = Thread.ofPlatform().start(() -> {
            for (int i = 0; i < 100; i++) assertThat(s.onChunk(chunk(i))).isTrue();
            done.complete("result");
        });
        assertThat(s.deliverUntil(done)).isEqualTo("result");
        batch.join();
        assertThat(s.onChunk(chunk(100))).as("after the generation: written at once").isTrue();
        assertThat(got).hasSize(101).startsWith("c0", "c1").endsWith("c99", "c100");
        assertThat(writers).containsOnly(Thread.currentThread());
    }

    @Test
    void aReceiverTooFarBehindIsTreatedAsGone() {
        List<String> got = new ArrayList<>();
        HandOffStream s = new HandOffStream(c -> got.add(c.id()), 3);
        for (int i = 0; i < 3; i++) assertThat(s.onChunk(chunk(i))).isTrue();
        assertThat(s.onChunk(chunk(3))).as("a fourth chunk waiting: cancel the generation").isFalse();
        assertThat(s.onChunk(chunk(4))).isFalse();
        CompletableFuture<String> done = CompletableFuture.completedFuture("cancelled");
        assertThat(s.deliverUntil(done)).isEqualTo("cancelled");
        assertThat(got).isEmpty(); // a receiver gone is written nothing more
    }

    @Test
    void aReceiverThatGoesAwayStopsTheGeneration() {
        HandOffStream s = new HandOffStream(c -> false);
        assertThat(s.onChunk(chunk(0))).isTrue(); // queued: the receiver has not seen it yet
        CompletableFuture<String> done = new CompletableFuture<>();
        Thread.ofPlatform().start(() -> {
            while (s.onChunk(chunk(1))) Thread.onSpinWait(); // the batch thread learns it at a later chunk
            done.complete("cancelled");
        });
        assertThat(s.deliverUntil(done)).isEqualTo("cancelled");
    }
}
