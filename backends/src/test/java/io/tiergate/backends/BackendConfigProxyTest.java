package io.tiergate.backends;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.tiergate.backends.http.wire.Http1Proxy;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A backend's {@code proxy:} key, bound as the CLI binds YAML. */
class BackendConfigProxyTest {
    private final ObjectMapper mapper = new ObjectMapper().registerModule(new Jdk8Module()).registerModule(new JavaTimeModule())
            .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private BackendConfig bind(String json) throws Exception {
        return mapper.readValue(json.replace('\'', '"'), BackendConfig.class);
    }

    @Test
    void printingAConfigShowsNoSecret() throws Exception {
        BackendConfig c = bind("{'id':'openai','base-url':'https://api.openai.com/v1','api-key':'sk-secret-1',"
                + "'headers':{'Authorization':'Bearer sk-secret-2','X-Team':'blue'},'proxy':'http://user:pa55@proxy.corp:3128'}");
        assertThat(c.toString()).contains("apiKey=(set)", "headers=[Authorization, X-Team]", "proxy=http://(credentials)@proxy.corp:3128")
                .doesNotContain("sk-secret-1", "sk-secret-2", "pa55", "user:");
        BackendConfig noScheme = bind("{'id':'o','base-url':'https://api.openai.com/v1','proxy':'me:s3cret@proxy.corp:3128'}");
        assertThat(noScheme.toString()).contains("proxy=(credentials)@proxy.corp:3128").doesNotContain("s3cr", "me:");
        assertThat(BackendConfig.openAi("o", java.net.URI.create("http://127.0.0.1:1/v1")).toString())
                .contains("apiKey=(none)", "proxy=(environment)");
    }

    @Test
    void aProxyUrlOrNoneIsKeptAndLeavingItOutMeansTheEnvironment() throws Exception {
        BackendConfig proxied = bind("{'id':'openai','base-url':'https://api.openai.com/v1','proxy':'http://u:p@proxy.corp:3128'}");
        assertThat(proxied.proxy()).contains("http://u:p@proxy.corp:3128");
        assertThat(proxied.proxies().proxyFor(URI.create("https://api.openai.com/v1/chat/completions")).map(Http1Proxy::address))
                .contains("proxy.corp:3128");
        BackendConfig none = bind("{'id':'openai','base-url':'https://api.openai.com/v1','proxy':'none'}");
        assertThat(none.proxies().proxyFor(URI.create("https://api.openai.com/v1/chat/completions"))).isEmpty();
        assertThat(bind("{'id':'openai','base-url':'https://api.openai.com/v1'}").proxy()).isEmpty();
        // The other with-ers keep the setting.
        assertThat(proxied.withModels(java.util.Map.of("a", "b")).withApiKey("k").proxy()).isEqualTo(proxied.proxy());
        assertThat(BackendConfig.openAi("x", URI.create("http://127.0.0.1:1/v1")).withProxy(Optional.of("none")).proxy()).contains("none");
    }

    @Test
    void aMalformedProxyIsRefusedNamingTheBackendAndKeyWithoutTheCredentials() {
        assertThatThrownBy(() -> bind("{'id':'openai','base-url':'https://api.openai.com/v1','proxy':'socks5://u:secret@s:1080'}"))
                .hasMessageContaining("backend 'openai'").hasMessageContaining("proxy must be 'none' or an http:// proxy URL")
                .hasMessageNotContaining("secret");
    }
}
