package io.tiergate.cli.serve;

import io.tiergate.cli.TiergateHome;
import io.tiergate.cli.config.ConfigException;
import io.tiergate.cli.config.TiergateConfig;
import io.tiergate.server.ServerConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code tiergate serve}: runs the gateway until interrupted (Ctrl-C or SIGTERM stop it gracefully). */
@Command(name = "serve", description = "Run the gateway (embedded defaults unless --config is given).")
public final class ServeCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", description = "Configuration file (YAML). Default: $TIERGATE_CONFIG, else built-in defaults.")
    Optional<Path> config = Optional.empty();

    @Option(names = "--host", description = "Listen address (overrides server.host; default 127.0.0.1).")
    Optional<String> host = Optional.empty();

    @Option(names = "--port", description = "Listen port (overrides server.port; default " + ServerConfig.DEFAULT_PORT + "; 0 = any free port).")
    Optional<Integer> port = Optional.empty();

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        TiergateConfig cfg;
        try {
            cfg = loadConfig();
        } catch (ConfigException | IllegalArgumentException e) {
            // IllegalArgumentException: --host/--port that the server's own record refuses (a port of 99999)
            err.println("tiergate: invalid configuration: " + e.getMessage());
            return 2;
        }
        Path home = TiergateHome.resolve();
        GatewayAssembly assembly;
        try {
            assembly = GatewayAssembly.start(cfg, home, out);
        } catch (IllegalArgumentException | ConfigException e) {
            err.println("tiergate: cannot start: " + e.getMessage());
            return 2;
        } catch (RuntimeException e) {
            err.println("tiergate: cannot start: " + e);
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            assembly.close();
            stopped.countDown();
        }, "tiergate-shutdown"));
        stopped.await();
        return 0;
    }

    private TiergateConfig loadConfig() {
        Optional<Path> file = config.or(() -> Optional.ofNullable(System.getenv("TIERGATE_CONFIG")).map(Path::of));
        TiergateConfig cfg = file.map(TiergateConfig::load).orElseGet(TiergateConfig::defaults);
        ServerConfig s = cfg.server();
        ServerConfig overridden = new ServerConfig(host.orElse(s.host()), port.orElse(s.port()), s.maxBodyBytes(), s.masterKey());
        return new TiergateConfig(overridden, cfg.engine(), cfg.store(), cfg.tiers(), cfg.defaultTier(), cfg.aliases(), cfg.router(), cfg.policy(), cfg.ledger());
    }
}
