package io.tiergate.backends.openai;

import io.tiergate.api.Backend;
import io.tiergate.backends.BackendConfig;
import io.tiergate.backends.BackendTimeouts;
import io.tiergate.testkit.contract.BackendContract;
import io.tiergate.testkit.upstream.FakeOpenAiUpstream;
import io.tiergate.testkit.upstream.FakeUpstream;

class OpenAiCompatibleBackendContractTest extends BackendContract {
    @Override
    protected FakeUpstream startUpstream() {
        return FakeOpenAiUpstream.start();
    }

    @Override
    protected Backend createBackend(FakeUpstream upstream, Timeouts t) {
        return new OpenAiCompatibleBackend(BackendConfig.openAi("fake", upstream.baseUri())
                .withTimeouts(new BackendTimeouts(t.connect(), t.firstToken(), t.idle(), t.total())));
    }
}
