package io.tiergate.engine.residency;

import io.tiergate.api.BackendFailure;
import io.tiergate.api.BackendOutcome;
import io.tiergate.api.ChatRequest;
import io.tiergate.api.ChatStream;
import io.tiergate.engine.EngineConfig;
import io.tiergate.engine.backend.InProcessBackend;
import io.tiergate.engine.backend.MapModelLocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import static io.tiergate.engine.residency.TinyModelFiles.CONTEXT;
import static io.tiergate.engine.residency.TinyModelFiles.config;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Through the in-process backend, residency's refusals and load errors are failures the gateway can answer
 * (503 + Retry-After, 500) and fall back from to the next planned tier — never exceptions, which it cannot.
 */
class InProcessLoadWaitTest {

    @TempDir
    Path dir;

    private static ChatRequest hello(String model) {
        ChatRequest r = ChatRequest.ofUser(model, "hi");
        return r.withParams(r.params().withMaxTokens(2));
    }

    @Test
    void aModelWithNoRoomWithinTheLoadWaitIsOverloadedWithRetryAfter() throws Exception {
        TinyModelFiles files = TinyModelFiles.write(dir);
        long oneModel = files.oneModelBytes();
        try (InProcessBackend backend = new InProcessBackend("engine", new MapModelLocator(Map.of("a", files.a(), "b", files.b())),
                config(oneModel + oneModel / 2, Duration.ofMillis(300)), InProcessBackend.chatMlOnly())) {
            ModelResidency.Lease busyA = backend.residency().acquire("a", Optional.empty()).orElseThrow();

            BackendOutcome refused = backend.chat(hello("b"), ChatStream.DISCARD);
            assertThat(refused).isInstanceOf(BackendOutcome.Failed.class);
            BackendFailure f = ((BackendOutcome.Failed) refused).failure();
            assertThat(f.kind()).isEqualTo(BackendFailure.Kind.OVERLOADED);
            assertThat(f.upstreamStatus()).contains(503);
            assertThat(f.retryAfter()).hasValueSatisfying(d -> assertThat(d).isPositive());
            assertThat(f.message()).contains("model 'b'").contains("'a'").contains("engine.load-wait");

            busyA.close();
            assertThat(backend.chat(hello("b"), ChatStream.DISCARD)).isInstanceOf(BackendOutcome.Completed.class);
            assertThat(backend.residency().residentNames()).containsExactly("b");
        }
    }

    @Test
    void oneSequencesKvCacheLargerThanTheHeapIsAServerErrorSayingWhatToChange() throws Exception {
        Path a = TinyModelFiles.writeLongContext(dir);
        var c = new EngineConfig(1, TinyModelFiles.longContext(), 1, 0, Duration.ofMinutes(5), 0, Duration.ofSeconds(1));
        try (InProcessBackend backend = new InProcessBackend("engine", new MapModelLocator(Map.of("a", a)), c, InProcessBackend.chatMlOnly())) {
            BackendFailure f = ((BackendOutcome.Failed) backend.chat(hello("a"), ChatStream.DISCARD)).failure();
            assertThat(f.kind()).isEqualTo(BackendFailure.Kind.SERVER_ERROR);
            assertThat(f.upstreamStatus()).contains(500);
            assertThat(f.message()).contains("model 'a'").contains("KV cache").contains("engine.context-length").contains("-Xmx");
        }
    }

    /**
     * A model whose tokenizer this engine does not support (a pre-tokenizer newer than us, as new model
     * families bring) fails its load with a TokenizerException; thrown out of chat() it skipped the
     * gateway's fallback to the next tier and failed the request.
     */
    @Test
    void aModelWithAnUnsupportedTokenizerIsARetryableServerError() throws Exception {
        Path a = TinyModelFiles.write(dir).a();
        byte[] bytes = Files.readAllBytes(a);
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        int pre = text.indexOf("default", text.indexOf("tokenizer.ggml.pre")); // the value of tokenizer.ggml.pre
        byte[] future = "future1".getBytes(StandardCharsets.ISO_8859_1); // same length: the file stays well formed
        System.arraycopy(future, 0, bytes, pre, future.length);
        Path unsupported = Files.write(dir.resolve("future-tokenizer.gguf"), bytes);
        try (InProcessBackend backend = new InProcessBackend("engine", new MapModelLocator(Map.of("f", unsupported)),
                config(0, Duration.ofSeconds(1)), InProcessBackend.chatMlOnly())) {
            BackendOutcome outcome = backend.chat(hello("f"), ChatStream.DISCARD);

            assertThat(outcome).isInstanceOf(BackendOutcome.Failed.class);
            BackendFailure f = ((BackendOutcome.Failed) outcome).failure();
            assertThat(f.kind()).isEqualTo(BackendFailure.Kind.SERVER_ERROR);
            assertThat(f.retryable()).isTrue();
            assertThat(f.upstreamStatus()).contains(500);
            assertThat(f.message()).contains("model 'f' cannot be loaded").contains("unsupported pre-tokenizer 'future1'");
            assertThat(backend.residency().residentNames()).isEmpty();
        }
    }
}
