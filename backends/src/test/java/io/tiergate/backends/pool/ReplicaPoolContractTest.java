package io.tiergate.backends.pool;

import io.tiergate.api.Backend;
import io.tiergate.backends.BackendConfig;
import io.tiergate.backends.BackendTimeouts;
import io.tiergate.backends.openai.OpenAiCompatibleBackend;
import io.tiergate.testkit.contract.BackendContract;
import io.tiergate.testkit.upstream.FakeOpenAiUpstream;
import io.tiergate.testkit.upstream.FakeUpstream;

import java.time.Duration;
import java.util.List;

/** A pool of two replicas (on the same fake) must keep every promise a single backend makes. */
class ReplicaPoolContractTest extends BackendContract {
    @Override
    protected FakeUpstream startUpstream() {
        return FakeOpenAiUpstream.start();
    }

    @Override
    protected Backend createBackend(FakeUpstream upstream, Timeouts t) {
        BackendTimeouts timeouts = new BackendTimeouts(t.connect(), t.firstToken(), t.idle(), t.total());
        List<Backend> replicas = List.of(
                new OpenAiCompatibleBackend(BackendConfig.openAi("a", upstream.baseUri()).withTimeouts(timeouts)),
                new OpenAiCompatibleBackend(BackendConfig.openAi("b", upstream.baseUri()).withTimeouts(timeouts)));
        PoolConfig config = PoolConfig.defaults().withMaxAttempts(2).withBackoff(Duration.ofMillis(10), Duration.ofMillis(50))
                .withHealthChecks(Duration.ZERO, 1, Duration.ofSeconds(30));
        return new ReplicaPool("tier", replicas, config);
    }
}
