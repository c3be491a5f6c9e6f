package io.tiergate.backends.anthropic;

import io.tiergate.api.Backend;
import io.tiergate.backends.BackendConfig;
import io.tiergate.backends.BackendTimeouts;
import io.tiergate.testkit.contract.BackendContract;
import io.tiergate.testkit.upstream.FakeAnthropicUpstream;
import io.tiergate.testkit.upstream.FakeUpstream;

class AnthropicBackendContractTest extends BackendContract {
    @Override
    protected FakeUpstream startUpstream() {
        return FakeAnthropicUpstream.start();
    }

    @Override
    protected Backend createBackend(FakeUpstream upstream, Timeouts t) {
        return new AnthropicBackend(BackendConfig.anthropic("claude", upstream.baseUri(), "test-key")
                .withTimeouts(new BackendTimeouts(t.connect(), t.firstToken(), t.idle(), t.total())));
    }
}
