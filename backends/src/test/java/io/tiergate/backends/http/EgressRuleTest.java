package io.tiergate.backends.http;

import io.tiergate.api.BackendOutcome;
import io.tiergate.api.ChatRequest;
import io.tiergate.api.ChatStream;
import io.tiergate.backends.BackendConfig;
import io.tiergate.backends.openai.OpenAiCompatibleBackend;
import io.tiergate.testkit.upstream.FakeOpenAiUpstream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EgressRuleTest {
    @AfterEach
    void reset() {
        EgressRule.reset();
    }

    @Test
    void aRefusedTargetIsNeverConnectedAndTheFailureSaysWhy() {
        try (FakeOpenAiUpstream upstream = FakeOpenAiUpstream.start();
             OpenAiCompatibleBackend backend = new OpenAiCompatibleBackend(BackendConfig.openAi("elsewhere", upstream.baseUri()))) {
            EgressRule.install(uri -> {
                if (uri.getPort() == upstream.baseUri().getPort()) throw new IllegalStateException("egress to " + uri.getAuthority() + " refused");
            });
            BackendOutcome outcome = backend.chat(ChatRequest.ofUser("m", "hi"), ChatStream.DISCARD);
            assertThat(outcome).isInstanceOf(BackendOutcome.Failed.class);
            assertThat(((BackendOutcome.Failed) outcome).failure().message()).contains("refused");
            assertThat(upstream.connectionCount()).isZero();

            EgressRule.reset();
            assertThat(backend.chat(ChatRequest.ofUser("m", "hi"), ChatStream.DISCARD)).isInstanceOf(BackendOutcome.Completed.class);
            assertThat(upstream.connectionCount()).isEqualTo(1);
        }
    }
}
