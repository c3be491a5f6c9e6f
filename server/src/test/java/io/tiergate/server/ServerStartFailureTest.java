package io.tiergate.server;

import io.tiergate.api.Locality;
import io.tiergate.api.ResidencyPolicy;
import io.tiergate.gateway.Admission;
import io.tiergate.gateway.Gateway;
import io.tiergate.gateway.ModelResolver;
import io.tiergate.gateway.Tier;
import io.tiergate.gateway.TierPlanner;
import io.tiergate.testkit.dummy.DummyBackend;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A server that cannot listen says so, naming the address and the keys that set it (Helidon logs the failed bind
 * and returns a server on port -1 that answers nothing: `serve` used to print "listening on …:-1" and wait), and
 * leaves nothing running: the client-disconnect watcher's thread stops again (it used to outlive a failed start,
 * one thread and one selector per attempt).
 */
class ServerStartFailureTest {

    @Test
    void aServerWhosePortIsTakenSaysSoAndStopsItsWatcherThread() throws Exception {
        List<Tier> tiers = List.of(ServerHarness.tier("local", 0, new DummyBackend("engine", Locality.IN_PROCESS, "tiergate"), "small"));
        ModelResolver resolver = new ModelResolver(tiers, Map.of());
        Gateway gateway = new Gateway(resolver, ResidencyPolicy.ALLOW_ALL,
                new TierPlanner(tiers, ResidencyPolicy.ALLOW_ALL, Optional.empty(), Optional.empty(), "local"), Admission.NONE, List.of());
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            long before = watcherThreads();
            for (int attempt = 0; attempt < 3; attempt++) {
                TiergateServer server = new TiergateServer(new ServerConfig("127.0.0.1", taken.getLocalPort(), 1 << 20, Optional.empty()),
                        gateway, Authentication.OPEN, new GatewayMetrics(), () -> true, List.of());
                assertThat(watcherThreads()).as("a built server watches its clients").isEqualTo(before + 1);
                assertThatThrownBy(server::start).as("the port is taken").isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("cannot listen on 127.0.0.1:" + taken.getLocalPort()).hasMessageContaining("server.port");
            }
            assertThat(watcherThreads()).as("threads left by three failed starts").isEqualTo(before);
        }
    }

    private static long watcherThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().equals("tiergate-client-watch")).count();
    }
}
