package io.tiergate.backends.pool;

import io.tiergate.api.BackendFailure;
import io.tiergate.api.BackendOutcome;
import io.tiergate.api.ChatRequest;
import io.tiergate.api.ChatStream;
import io.tiergate.backends.BackendConfig;
import io.tiergate.backends.openai.OpenAiCompatibleBackend;
import io.tiergate.testkit.upstream.FakeOpenAiUpstream;
import io.tiergate.testkit.upstream.UpstreamBehavior;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class ReplicaPoolTest {
    private final FakeOpenAiUpstream a = FakeOpenAiUpstream.start();
    private final FakeOpenAiUpstream b = FakeOpenAiUpstream.start();
    private ReplicaPool pool;

    private static final PoolConfig FAST = PoolConfig.defaults().withBackoff(Duration.ofMillis(5), Duration.ofMillis(20))
            .withHealthChecks(Duration.ZERO, 3, Duration.ofSeconds(30));

    private ReplicaPool pool(PoolConfig config) {
        pool = new ReplicaPool("tier", List.of(new OpenAiCompatibleBackend(BackendConfig.openAi("a", a.baseUri())),
                new OpenAiCompatibleBackend(BackendConfig.openAi("b", b.baseUri()))), config);
        return pool;
    }

    @AfterEach
    void close() {
        if (pool != null) pool.close();
        a.close();
        b.close();
    }

    private static ChatRequest hi() {
        return ChatRequest.ofUser("m", "hi");
    }

    @Test
    void retriesOnAnotherReplicaAfterAServerError() {
        a.setDefault(UpstreamBehavior.failing(503, ""));
        ReplicaPool p = pool(FAST);
        for (int i = 0; i < 4; i++) {
            ServedOutcome served = p.chatServed(hi(), ChatStream.DISCARD, info -> true);
            assertThat(served.outcome()).isInstanceOf(BackendOutcome.Completed.class);
            assertThat(served.servedBy()).hasValueSatisfying(info -> assertThat(info.id()).isEqualTo("b"));
            assertThat(served.attempts().getLast().replicaId()).isEqualTo("b");
            served.attempts().stream().filter(x -> x.failure().isPresent())
                    .forEach(x -> assertThat(x.replicaId()).isEqualTo("a"));
        }
        assertThat(b.modelCalls()).hasSize(4);
    }

    @Test
    void sendsTheNextRequestToTheReplicaWithFewerInFlight() throws Exception {
        a.setDefault(UpstreamBehavior.paced(Duration.ofMillis(50)));
        b.setDefault(UpstreamBehavior.paced(Duration.ofMillis(50)));
        ReplicaPool p = pool(FAST);
        CountDownLatch firstStreaming = new CountDownLatch(1);
        Thread slow = Thread.ofVirtual().start(() -> p.chat(ChatRequest.ofUser("m", "w ".repeat(30)).withStream(true, false), c -> {
            firstStreaming.countDown();
            return true;
        }));
        assertThat(firstStreaming.await(5, TimeUnit.SECONDS)).isTrue();
        String busy = a.modelCalls().size() == 1 ? "a" : "b";
        ServedOutcome second = p.chatServed(hi(), ChatStream.DISCARD, info -> true);
        assertThat(second.servedBy().orElseThrow().id()).isNotEqualTo(busy);
        slow.join();
    }

    @Test
    void ejectsAFailingReplicaAndReadmitsItAfterASuccessfulProbe() throws Exception {
        a.setDefault(UpstreamBehavior.failing(500, "")).setModelsStatus(500);
        ReplicaPool p = pool(FAST.withHealthChecks(Duration.ofMillis(100), 2, Duration.ofSeconds(60)));
        for (int i = 0; i < 6; i++) assertThat(p.chat(hi(), ChatStream.DISCARD)).isInstanceOf(BackendOutcome.Completed.class);
        int callsToA = a.modelCalls().size();
        assertThat(callsToA).isLessThanOrEqualTo(2);
        assertThat(p.status()).filteredOn(s -> s.info().id().equals("a")).singleElement()
                .satisfies(s -> assertThat(s.healthy()).isFalse());
        for (int i = 0; i < 4; i++) p.chat(hi(), ChatStream.DISCARD);
        assertThat(a.modelCalls()).as("an ejected replica gets no traffic").hasSize(callsToA);

        a.setDefault(UpstreamBehavior.normal()).setModelsStatus(200);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!p.status().stream().allMatch(ReplicaStatus::healthy) && System.nanoTime() < deadline) Thread.sleep(20);
        for (int i = 0; i < 6; i++) p.chat(hi(), ChatStream.DISCARD);
        assertThat(a.modelCalls().size()).as("re-admitted after a good probe").isGreaterThan(callsToA);
    }

    @Test
    void waitsOutAShortRetryAfterWhenNoOtherReplicaIsFree() {
        a.enqueue(UpstreamBehavior.rateLimited("1"));
        b.enqueue(UpstreamBehavior.rateLimited("1"));
        ReplicaPool p = pool(FAST);
        long start = System.nanoTime();
        BackendOutcome o = p.chat(hi(), ChatStream.DISCARD);
        assertThat(o).isInstanceOf(BackendOutcome.Completed.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
    }

    @Test
    void givesUpAtOnceWhenRetryAfterIsBeyondTheCap() {
        a.setDefault(UpstreamBehavior.rateLimited("120"));
        b.setDefault(UpstreamBehavior.rateLimited("120"));
        ReplicaPool p = pool(FAST.withMaxRetryAfter(Duration.ofSeconds(5)));
        long start = System.nanoTime();
        BackendOutcome o = p.chat(hi(), ChatStream.DISCARD);
        BackendFailure f = ((BackendOutcome.Failed) o).failure();
        assertThat(f.kind()).isEqualTo(BackendFailure.Kind.RATE_LIMITED);
        assertThat(f.retryAfter()).contains(Duration.ofSeconds(120));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void backsOffExponentiallyBetweenTries() {
        a.setDefault(UpstreamBehavior.failing(502, ""));
        b.setDefault(UpstreamBehavior.failing(502, ""));
        PoolConfig config = new PoolConfig(3, Duration.ofMillis(200), Duration.ofSeconds(2), 0.0, null, Duration.ZERO, 10, null);
        ReplicaPool p = pool(config);
        long start = System.nanoTime();
        ServedOutcome served = p.chatServed(hi(), ChatStream.DISCARD, info -> true);
        assertThat(served.attempts()).hasSize(3);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(600));
        assertThat(((BackendOutcome.Failed) served.outcome()).failure().upstreamStatus()).contains(502);
    }

    @Test
    void neverRetriesOnceTheStreamHasStarted() {
        a.setDefault(UpstreamBehavior.droppingAfter(2));
        b.setDefault(UpstreamBehavior.droppingAfter(2));
        ServedOutcome served = pool(FAST).chatServed(ChatRequest.ofUser("m", "one two three").withStream(true, false),
                ChatStream.DISCARD, info -> true);
        assertThat(served.attempts()).hasSize(1);
        assertThat(((BackendOutcome.Failed) served.outcome()).failure().kind()).isEqualTo(BackendFailure.Kind.STREAM_BROKEN);
        assertThat(a.modelCalls().size() + b.modelCalls().size()).isEqualTo(1);
    }

    @Test
    void sendsOnlyToAdmittedReplicas() {
        ReplicaPool p = pool(FAST);
        for (int i = 0; i < 4; i++) {
            assertThat(p.chatServed(hi(), ChatStream.DISCARD, info -> info.id().equals("b")).servedBy().orElseThrow().id()).isEqualTo("b");
        }
        assertThat(a.modelCalls()).isEmpty();
        ServedOutcome none = p.chatServed(hi(), ChatStream.DISCARD, info -> false);
        assertThat(none.servedBy()).isEmpty();
        assertThat(((BackendOutcome.Failed) none.outcome()).failure().kind()).isEqualTo(BackendFailure.Kind.UNSUPPORTED);
    }

    @Test
    void stopsHealthChecksOnClose() throws Exception {
        ReplicaPool p = pool(FAST.withHealthChecks(Duration.ofMillis(50), 3, Duration.ofSeconds(30)));
        Thread.sleep(300);
        assertThat(a.requests()).isNotEmpty();
        p.close();
        Thread.sleep(100);
        int seen = a.requests().size();
        Thread.sleep(300);
        assertThat(a.requests()).hasSize(seen);
    }

    @Test
    void rejectsBadConfigurationNamingTheKey() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new PoolConfig(0, null, null, null, null, null, null, null))
                .hasMessageContaining("max-attempts");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new PoolConfig(null, null, null, 1.5, null, null, null, null))
                .hasMessageContaining("jitter");
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> new PoolConfig(null, Duration.ofSeconds(5), Duration.ofSeconds(1), null, null, null, null, null))
                .hasMessageContaining("max-backoff");
    }

    @Test
    void givesAnEjectedReplicaAnotherChanceAfterTheCoolDown() throws Exception {
        a.enqueue(UpstreamBehavior.failing(500, ""));
        ReplicaPool p = pool(FAST.withHealthChecks(Duration.ZERO, 1, Duration.ofMillis(300)));
        for (int i = 0; i < 4; i++) p.chat(hi(), ChatStream.DISCARD);
        int callsToA = a.modelCalls().size();
        assertThat(callsToA).as("a failed once, then was left out").isEqualTo(1);
        Thread.sleep(400);
        for (int i = 0; i < 4; i++) p.chat(hi(), ChatStream.DISCARD);
        assertThat(a.modelCalls().size()).isGreaterThan(callsToA);
    }

    @Test
    void embedsOnAReplicaAndSaysWhich() {
        a.setDefault(UpstreamBehavior.failing(503, ""));
        var request = new io.tiergate.api.EmbeddingRequest("e", List.of("x y"), java.util.OptionalInt.empty(),
                java.util.Optional.empty(), java.util.Map.of());
        ServedEmbedding served = pool(FAST).embedServed(request, info -> true);
        assertThat(served.outcome()).isInstanceOf(io.tiergate.api.EmbeddingOutcome.Completed.class);
        assertThat(served.servedBy().orElseThrow().id()).isEqualTo("b");
    }
}
