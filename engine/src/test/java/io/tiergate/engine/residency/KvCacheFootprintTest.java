package io.tiergate.engine.residency;

import io.tiergate.engine.EngineConfig;
import io.tiergate.engine.model.Model;
import io.tiergate.testkit.gguf.GgufTensorType;
import io.tiergate.testkit.gguf.SyntheticModelShape;
import io.tiergate.testkit.gguf.SyntheticModelWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What a model's KV caches are charged, what the heap allows them, and the load-wait setting. */
class KvCacheFootprintTest {

    @TempDir
    Path dir;

    @Test
    void chargesFullContextsForRunningSlotsAndNothingForWaitingOnes() {
        Path file = SyntheticModelWriter.write(dir.resolve("m.gguf"), SyntheticModelShape.tiny("llama"), GgufTensorType.Q8_0, 1);
        try (Model m = Model.load(file, 1)) {
            // tiny: 2 layers, 2 KV heads × 64 = 128 KV dims, trained context 512; keys + values as floats
            long perToken = 2L * 2 * 128 * 4;
            KvCacheFootprint fp = KvCacheFootprint.of(m.config(), new EngineConfig(1, 4096, 3, 5, Duration.ofMinutes(5), 0));
            assertThat(fp.contextTokens()).isEqualTo(512); // capped at the model's trained context
            assertThat(fp.bytes()).isEqualTo(perToken * 3 * 512);
            assertThat(fp.slotsWithin(perToken * 512 * 2 + 1)).isEqualTo(2);
            assertThat(fp.slotsWithin(perToken * 512 * 10)).isEqualTo(3);
            assertThat(fp.slotsWithin(perToken * 511)).isZero();
            // a Session made for a request holds nothing until its sequence runs (waiting in the queue)
            var session = m.newSession(512);
            assertThat(session.cacheBytes()).isZero();
            m.forward(session, new int[] {1});
            assertThat(session.cacheBytes()).isEqualTo(perToken * 256);
            // a context shorter than the first allocation: the whole context at once
            var short100 = m.newSession(100);
            m.forward(short100, new int[] {1});
            assertThat(short100.cacheBytes()).isEqualTo(perToken * 100);
        }
    }

    @Test
    void theHeapKeepsAQuarterOrAtLeast64MibForEverythingButKvCaches() {
        assertThat(new KvHeapAllowance(4L << 30).kvBytes()).isEqualTo(3L << 30);
        assertThat(new KvHeapAllowance(128L << 20).kvBytes()).isEqualTo(64L << 20);
        assertThat(new KvHeapAllowance(32L << 20).kvBytes()).isZero();
        assertThatThrownBy(() -> new KvHeapAllowance(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void loadWaitDefaultsTo30SecondsAndMustNotBeNegative() {
        assertThat(EngineConfig.defaults().loadWait()).isEqualTo(Duration.ofSeconds(30));
        assertThat(new EngineConfig(1, 256, 1, 0, Duration.ofMinutes(5), 0).loadWait()).isEqualTo(Duration.ofSeconds(30));
        assertThat(EngineConfig.defaults().withLoadWait(Duration.ZERO).loadWait()).isZero();
        assertThatThrownBy(() -> EngineConfig.defaults().withLoadWait(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("load-wait");
        assertThatThrownBy(() -> new EngineConfig(1, 256, 1, 0, Duration.ofMinutes(5), 0, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("load-wait");
    }
}
