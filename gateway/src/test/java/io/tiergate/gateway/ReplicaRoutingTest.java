package io.tiergate.gateway;

import io.tiergate.api.BackendFailure;
import io.tiergate.api.Caller;
import io.tiergate.api.ChatRequest;
import io.tiergate.api.Locality;
import io.tiergate.api.PolicyDecision;
import io.tiergate.api.ResidencyPolicy;
import io.tiergate.backends.pool.PoolConfig;
import io.tiergate.backends.pool.ReplicaPool;
import io.tiergate.testkit.dummy.DummyBackend;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** A tier of several replicas: the route names the replica that served, and the policy filters replicas. */
class ReplicaRoutingTest {
    final DummyBackend onPrem = new DummyBackend("on-prem", Locality.LAN, "vllm");
    final DummyBackend hosted = new DummyBackend("hosted", Locality.CLOUD, "together");
    final ReplicaPool pool = new ReplicaPool("mixed", List.of(hosted, onPrem),
            PoolConfig.defaults().withBackoff(Duration.ZERO, Duration.ZERO).withHealthChecks(Duration.ZERO, 3, Duration.ofSeconds(30)));
    final Tier tier = new Tier("mixed", 0, pool, List.of("llama"), pool.replicaInfos());

    @AfterEach
    void close() {
        pool.close();
    }

    Gateway gateway(ResidencyPolicy policy) {
        List<Tier> tiers = List.of(tier);
        return new Gateway(new ModelResolver(tiers, Map.of()), policy,
                new TierPlanner(tiers, policy, Optional.empty(), Optional.empty(), "mixed"), Admission.NONE, List.of());
    }

    @Test
    void theRouteNamesTheReplicaThatServedAfterARetry() {
        hosted.failing(BackendFailure.Kind.SERVER_ERROR);
        Gateway g = gateway(ResidencyPolicy.ALLOW_ALL);
        for (int i = 0; i < 4; i++) {
            List<String> backendsSeen = new ArrayList<>();
            ChatResult r = g.chat(ChatRequest.ofUser("auto", "hi " + i).withStream(true, false),
                    Caller.ANONYMOUS, RequestOptions.of("r" + i), (route, chunk) -> backendsSeen.add(route.backend()));
            assertThat(r.route().backend()).isEqualTo("on-prem");
            assertThat(backendsSeen).isNotEmpty().containsOnly("on-prem");
        }
        assertThat(onPrem.calls()).isEqualTo(4);
        assertThat(hosted.calls()).as("the failing replica was tried and retried away from").isPositive();
    }

    @Test
    void aSovereignRequestUsesOnlyTheReplicasThePolicyAdmits() {
        ResidencyPolicy sovereign = (req, caller) -> new PolicyDecision.Allowed("sovereign",
                EnumSet.of(Locality.IN_PROCESS, Locality.LAN), req, List.of(), false, "never cloud");
        Gateway g = gateway(sovereign);
        for (int i = 0; i < 10; i++) {
            ChatResult r = g.chat(ChatRequest.ofUser("auto", "secret " + i), Caller.ANONYMOUS, RequestOptions.of("r" + i), (route, c) -> true);
            assertThat(r.route().backend()).isEqualTo("on-prem");
        }
        assertThat(hosted.calls()).isZero();
        onPrem.failing(BackendFailure.Kind.CONNECT);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> g.chat(ChatRequest.ofUser("auto", "x"), Caller.ANONYMOUS,
                RequestOptions.of("r"), (route, c) -> true)).isInstanceOf(UpstreamException.class);
        assertThat(hosted.calls()).as("never falls back across the policy").isZero();
    }
}
