package io.tiergate.gateway;

import io.tiergate.api.BackendFailure;
import io.tiergate.api.Caller;
import io.tiergate.api.ChatChunk;
import io.tiergate.api.ChatRequest;
import io.tiergate.api.Difficulty;
import io.tiergate.api.DifficultyScorer;
import io.tiergate.api.Locality;
import io.tiergate.api.PolicyDecision;
import io.tiergate.api.ResidencyPolicy;
import io.tiergate.api.RoutePlan;
import io.tiergate.api.Router;
import io.tiergate.api.TiergateException;
import io.tiergate.testkit.dummy.DummyBackend;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GatewayTest {
    final DummyBackend localBackend = new DummyBackend("engine", Locality.IN_PROCESS, "tiergate");
    final DummyBackend lanBackend = new DummyBackend("ollama", Locality.LAN, "ollama");
    final DummyBackend cloudBackend = new DummyBackend("openai", Locality.CLOUD, "openai");
    final Tier local = new Tier("local", 0, localBackend, List.of("qwen3-0.6b"), List.of(localBackend.info()));
    final Tier lan = new Tier("lan", 1, lanBackend, List.of("llama3.1-8b"), List.of(lanBackend.info()));
    final Tier cloud = new Tier("cloud", 2, cloudBackend, List.of("gpt-4o", "*"), List.of(cloudBackend.info()));
    final List<Tier> tiers = List.of(local, lan, cloud);
    final List<ChatExchange> exchanges = new ArrayList<>();

    static final ResidencyPolicy SOVEREIGN = (request, caller) -> new PolicyDecision.Allowed("sovereign",
            EnumSet.of(Locality.IN_PROCESS, Locality.LAN), request, List.of(), false, "never cloud");

    Gateway gateway(ResidencyPolicy policy, Optional<DifficultyScorer> scorer, Optional<Router> router) {
        ModelResolver resolver = new ModelResolver(tiers, Map.of("smart", "cloud/gpt-4o"));
        return new Gateway(resolver, policy, new TierPlanner(tiers, policy, scorer, router, "local"), Admission.NONE,
                List.of(exchanges::add));
    }

    Gateway gateway() {
        return gateway(ResidencyPolicy.ALLOW_ALL, Optional.empty(), Optional.empty());
    }

    ChatResult chat(Gateway g, ChatRequest r) {
        return g.chat(r, Caller.ANONYMOUS, RequestOptions.of("req-1"), (route, chunk) -> true);
    }

    @Test
    void autoWithoutRouterGoesToTheDefaultTier() {
        ChatResult r = chat(gateway(), ChatRequest.ofUser("auto", "hello"));
        assertThat(r.route().tier()).isEqualTo("local");
        assertThat(r.route().model()).isEqualTo("qwen3-0.6b");
        assertThat(r.route().reason()).contains("default tier 'local'");
        assertThat(r.response().text()).isEqualTo("[engine] echo: hello");
    }

    @Test
    void explicitTierSlashModelGoesWhereItSays() {
        ChatResult r = chat(gateway(), ChatRequest.ofUser("cloud/gpt-4o-mini", "hi"));
        assertThat(r.route().tier()).isEqualTo("cloud");
        assertThat(cloudBackend.received().getFirst().model()).isEqualTo("gpt-4o-mini");
        assertThat(localBackend.calls()).isZero();
    }

    @Test
    void aliasesAndServedModelNamesResolve() {
        assertThat(chat(gateway(), ChatRequest.ofUser("smart", "x")).route().model()).isEqualTo("gpt-4o");
        assertThat(chat(gateway(), ChatRequest.ofUser("llama3.1-8b", "x")).route().tier()).isEqualTo("lan");
        assertThat(chat(gateway(), ChatRequest.ofUser("lan", "x")).route().model()).isEqualTo("llama3.1-8b");
    }

    @Test
    void unknownModelIsA404NamingIt() {
        assertThatThrownBy(() -> chat(gateway(), ChatRequest.ofUser("nope", "x")))
                .isInstanceOf(ModelNotFoundException.class)
                .hasMessageContaining("'nope'").hasMessageContaining("/v1/models")
                .extracting(e -> ((TiergateException) e).status()).isEqualTo(404);
    }

    @Test
    void fallsBackToTheNextTierWhenTheDefaultFails() {
        localBackend.failing(BackendFailure.Kind.CONNECT);
        ChatResult r = chat(gateway(), ChatRequest.ofUser("auto", "hello"));
        assertThat(r.route().tier()).isEqualTo("lan");
        assertThat(r.route().reason()).contains("fell back from tier 'local' (connect)");
        assertThat(localBackend.calls()).isEqualTo(1);
    }

    @Test
    void sovereignRequestNeverFallsBackToCloud() {
        localBackend.failing(BackendFailure.Kind.OVERLOADED);
        lanBackend.failing(BackendFailure.Kind.TIMEOUT_FIRST_TOKEN);
        Gateway g = gateway(SOVEREIGN, Optional.empty(), Optional.empty());
        assertThatThrownBy(() -> chat(g, ChatRequest.ofUser("auto", "secret plans")))
                .isInstanceOf(UpstreamException.class)
                .extracting(e -> ((TiergateException) e).status()).isEqualTo(504);
        assertThat(cloudBackend.calls()).isZero();
        assertThat(exchanges.getLast().status()).isEqualTo(504);
    }

    @Test
    void explicitCloudModelIsDeniedUnderASovereignPolicy() {
        Gateway g = gateway(SOVEREIGN, Optional.empty(), Optional.empty());
        assertThatThrownBy(() -> chat(g, ChatRequest.ofUser("cloud/gpt-4o", "x")))
                .isInstanceOf(PolicyDeniedException.class)
                .hasMessageContaining("does not allow tier 'cloud'")
                .extracting(e -> ((TiergateException) e).code().orElseThrow()).isEqualTo("policy_denied");
        assertThat(cloudBackend.calls()).isZero();
    }

    @Test
    void deniedDecisionIsA403WithTheReason() {
        ResidencyPolicy deny = (req, caller) -> new PolicyDecision.Denied("strict", List.of("email"), "found email");
        assertThatThrownBy(() -> chat(gateway(deny, Optional.empty(), Optional.empty()), ChatRequest.ofUser("auto", "x")))
                .isInstanceOf(PolicyDeniedException.class).hasMessageContaining("found email");
        assertThat(exchanges.getLast().policyVerdict()).isEqualTo("denied");
        assertThat(exchanges.getLast().detectedTypes()).containsExactly("email");
        assertThat(localBackend.calls() + lanBackend.calls() + cloudBackend.calls()).isZero();
    }

    /** A router that records the tiers it was offered and plans them most expensive first. */
    private static Router mostExpensiveFirst(List<List<String>> seen) {
        return (req, d, allowed) -> {
            seen.add(allowed.stream().map(t -> t.name()).toList());
            List<String> names = new ArrayList<>(allowed.stream().map(t -> t.name()).toList());
            java.util.Collections.reverse(names);
            return new RoutePlan(names, d.score(), "hard request");
        };
    }

    @Test
    void routerSeesOnlyAllowedTiersAndItsPlanIsFollowed() {
        List<List<String>> seen = new ArrayList<>();
        DifficultyScorer hard = req -> new Difficulty(0.9, List.of());
        Router topFirst = mostExpensiveFirst(seen);
        ChatResult r = chat(gateway(SOVEREIGN, Optional.of(hard), Optional.of(topFirst)), ChatRequest.ofUser("auto", "prove it"));
        assertThat(seen).containsExactly(List.of("local", "lan"));
        assertThat(r.route().tier()).isEqualTo("lan");
        assertThat(r.route().score()).contains(0.9);
        assertThat(r.route().reason()).isEqualTo("hard request");
    }

    @Test
    void pinnedTierSkipsTheRouterAndMaxTierCapsIt() {
        Gateway g = gateway();
        ChatResult pinned = g.chat(ChatRequest.ofUser("auto", "x"), Caller.ANONYMOUS,
                new RequestOptions("r", Optional.of("cloud"), Optional.empty()), (route, chunk) -> true);
        assertThat(pinned.route().tier()).isEqualTo("cloud");
        localBackend.failing(BackendFailure.Kind.SERVER_ERROR);
        lanBackend.failing(BackendFailure.Kind.SERVER_ERROR);
        assertThatThrownBy(() -> g.chat(ChatRequest.ofUser("auto", "x"), Caller.ANONYMOUS,
                new RequestOptions("r", Optional.empty(), Optional.of("lan")), (route, chunk) -> true))
                .isInstanceOf(UpstreamException.class).hasMessageContaining("'ollama'");
        assertThat(cloudBackend.calls()).isEqualTo(1);
        assertThatThrownBy(() -> g.chat(ChatRequest.ofUser("auto", "x"), Caller.ANONYMOUS,
                new RequestOptions("r", Optional.of("moon"), Optional.empty()), (route, chunk) -> true))
                .hasMessageContaining("unknown tier 'moon'");
    }

    @Test
    void aKeysTiersBoundAutoRoutingThePinAndExplicitModels() {
        List<List<String>> seen = new ArrayList<>();
        DifficultyScorer hard = req -> new Difficulty(0.9, List.of());
        Router topFirst = mostExpensiveFirst(seen);
        Gateway g = gateway(ResidencyPolicy.ALLOW_ALL, Optional.of(hard), Optional.of(topFirst));
        RequestOptions localOnly = new RequestOptions("r", Optional.empty(), Optional.empty(), java.util.Set.of("local", "lan"));
        ChatResult r = g.chat(ChatRequest.ofUser("auto", "prove it"), Caller.ANONYMOUS, localOnly, (route, chunk) -> true);
        assertThat(seen).as("the router never sees a tier the key may not use").containsExactly(List.of("local", "lan"));
        assertThat(r.route().tier()).isEqualTo("lan");
        assertThatThrownBy(() -> g.chat(ChatRequest.ofUser("auto", "x"), Caller.ANONYMOUS,
                new RequestOptions("r", Optional.of("cloud"), Optional.empty(), java.util.Set.of("local")), (route, chunk) -> true))
                .isInstanceOf(TiergateException.class).hasMessageContaining("may not use tier 'cloud'")
                .extracting(e -> ((TiergateException) e).status()).isEqualTo(403);
        assertThatThrownBy(() -> g.chat(ChatRequest.ofUser("cloud/gpt-4o", "x"), Caller.ANONYMOUS,
                new RequestOptions("r", Optional.empty(), Optional.empty(), java.util.Set.of("local")), (route, chunk) -> true))
                .isInstanceOf(TiergateException.class).hasMessageContaining("may not use tier 'cloud'");
        // a max-tier header above the key's tiers does not widen them
        ChatResult capped = g.chat(ChatRequest.ofUser("auto", "prove it"), Caller.ANONYMOUS,
                new RequestOptions("r", Optional.empty(), Optional.of("cloud"), java.util.Set.of("local")), (route, chunk) -> true);
        assertThat(capped.route().tier()).isEqualTo("local");
        assertThat(cloudBackend.calls()).isZero();
    }

    /**
     * An embedding's texts, user and passed-through fields reach the policy; a decision to mask is a 403
     * (masked texts would embed differently), and no backend is called.
     */
    @Test
    void anEmbeddingPassesThePolicyWithItsSideFieldsAndIsRefusedWhereItWouldBeMasked() {
        List<ChatRequest> seen = new ArrayList<>();
        ResidencyPolicy masking = (request, caller) -> {
            seen.add(request);
            return new PolicyDecision.Allowed("masking", EnumSet.allOf(Locality.class), request, List.of("email"), true, "masked");
        };
        io.tiergate.api.EmbeddingRequest embedding = new io.tiergate.api.EmbeddingRequest("local", List.of("a@b.io", "two"),
                java.util.OptionalInt.empty(), Optional.of("user-7"), Map.of("encoding_format", "\"float\""));
        assertThatThrownBy(() -> gateway(masking, Optional.empty(), Optional.empty()).embed(embedding, Caller.ANONYMOUS,
                RequestOptions.of("e")))
                .isInstanceOfSatisfying(TiergateException.class, e -> {
                    assertThat(e.status()).isEqualTo(403);
                    assertThat(e.code()).contains("policy_denied");
                    assertThat(e.getMessage()).contains("would mask sensitive data (email)").contains("use a local tier");
                });
        assertThat(localBackend.calls() + lanBackend.calls() + cloudBackend.calls()).isZero();
        ChatRequest probe = seen.getFirst();
        assertThat(probe.messages()).extracting(m -> m.text()).containsExactly("a@b.io", "two");
        assertThat(probe.user()).contains("user-7");
        assertThat(probe.passthroughJson()).containsEntry("encoding_format", "\"float\"");
        assertThat(probe.params().maxTokens()).as("the budget reserves the inputs only").hasValue(0);
    }

    /** The key's tiers and the policy's exclude each other: auto is refused as the key's limit, never served elsewhere. */
    @Test
    void aKeyWhoseTiersThePolicyExcludesIsRefusedNamingThem() {
        Gateway g = gateway(SOVEREIGN, Optional.empty(), Optional.empty());
        assertThatThrownBy(() -> g.chat(ChatRequest.ofUser("auto", "x"), Caller.ANONYMOUS,
                new RequestOptions("r", Optional.empty(), Optional.empty(), java.util.Set.of("cloud")), (route, chunk) -> true))
                .isInstanceOfSatisfying(TiergateException.class, e -> {
                    assertThat(e.status()).isEqualTo(403);
                    assertThat(e.code()).contains("tier_not_allowed");
                    assertThat(e.getMessage()).contains("No tier this key may use (cloud)").contains("policy 'sovereign'");
                });
        assertThat(localBackend.calls() + lanBackend.calls() + cloudBackend.calls()).isZero();
    }

    @Test
    void streamsChunksWithTheRouteAndRecordsTimeToFirstToken() {
        List<String> got = new ArrayList<>();
        ChatRequest req = ChatRequest.ofUser("auto", "hello there").withStream(true, true);
        ChatResult r = gateway().chat(req, Caller.ANONYMOUS, RequestOptions.of("r"), (route, chunk) -> {
            assertThat(route.tier()).isEqualTo("local");
            chunk.choices().forEach(d -> d.content().ifPresent(got::add));
            return true;
        });
        assertThat(String.join("", got)).isEqualTo(r.response().text());
        ChatExchange e = exchanges.getLast();
        assertThat(e.timeToFirstToken()).isPresent();
        assertThat(e.usage().promptTokens()).isEqualTo(2);
        assertThat(e.status()).isEqualTo(200);
        assertThat(e.streamed()).isTrue();
    }

    @Test
    void neverRetriesOnceTheStreamHasBegun() {
        localBackend.breakingAfter(1);
        List<ChatChunk> got = new ArrayList<>();
        ChatRequest req = ChatRequest.ofUser("auto", "hello").withStream(true, false);
        assertThatThrownBy(() -> gateway().chat(req, Caller.ANONYMOUS, RequestOptions.of("r"), (route, c) -> got.add(c)))
                .isInstanceOf(UpstreamException.class).hasMessageContaining("mid-stream");
        assertThat(got).hasSize(1);
        assertThat(lanBackend.calls()).isZero();
        assertThat(exchanges.getLast().errorCode()).contains("upstream_stream_broken");
    }
}
