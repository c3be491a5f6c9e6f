package io.tiergate.cli.serve;

import io.tiergate.backends.BackendConfig;
import io.tiergate.backends.pool.PoolConfig;
import io.tiergate.cli.config.TierConfig;
import io.tiergate.cli.config.TiergateConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * serve on a port another program holds fails at start-up saying which address and which keys set it (Helidon
 * logs the failed bind and carries on with port -1: serve printed "listening on http://127.0.0.1:-1/v1" and
 * waited, answering nothing). ServeCommand prints an IllegalArgumentException as "tiergate: cannot start: …"
 * and exits 2.
 */
class ServeOnTakenPortIT {

    @Test
    void aTakenPortFailsTheStartNamingTheAddress(@TempDir Path home) throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            TierConfig lan = new TierConfig("lan", List.of(BackendConfig.openAi("only", URI.create("http://127.0.0.1:9/v1"))
                    .withModels(Map.of("m", "m"))), List.of(), PoolConfig.defaults());
            TiergateConfig d = TiergateConfig.defaults();
            TiergateConfig config = new TiergateConfig(d.server().withPort(taken.getLocalPort()), new TiergateConfig.EngineSection(false, "local",
                    1, 256, 1, 1, Duration.ofMinutes(1), 0), d.store(), List.of(lan), Optional.empty(), Map.of(), d.router(), d.policy(),
                    d.ledger().withUrl("jdbc:sqlite:" + home.resolve("ledger.db")));
            assertThatThrownBy(() -> GatewayAssembly.start(config, home, new PrintWriter(new StringWriter(), true)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("cannot listen on 127.0.0.1:" + taken.getLocalPort())
                    .hasMessageContaining("--port");
        }
    }
}
