package io.tiergate.gateway;

import io.tiergate.api.BackendFailure;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** How a backend failure reaches the client: an upstream's refusal of Tiergate's own key is not the client's 401. */
class UpstreamExceptionTest {

    private static UpstreamException of(int upstreamStatus, String upstreamMessage) {
        return new UpstreamException(new BackendFailure(BackendFailure.Kind.CLIENT_ERROR, "openai", upstreamMessage,
                Optional.of(upstreamStatus), Optional.empty(), false), "cloud");
    }

    @Test
    void anUpstreamAuthFailureIsA502WithoutTheUpstreamsWords() {
        for (int status : new int[]{401, 403, 407}) {
            UpstreamException e = of(status, "Incorrect API key provided: sk-proj-****abcd. You can find your API key at ...");
            assertThat(e.status()).isEqualTo(502);
            assertThat(e.code()).contains("upstream_auth_failed");
            assertThat(e.getMessage()).contains("Backend 'openai' of tier 'cloud' refused Tiergate's credentials (HTTP " + status + ")")
                    .doesNotContain("sk-", "abcd", "Incorrect");
        }
    }

    @Test
    void otherClientErrorsKeepTheUpstreamsStatusAndWords() {
        UpstreamException e = of(400, "max_tokens is too large for this model");
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.code()).contains("upstream_rejected");
        assertThat(e.getMessage()).contains("max_tokens is too large for this model");
    }
}
