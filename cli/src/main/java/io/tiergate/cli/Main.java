package io.tiergate.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code tiergate} command. Each area registers its subcommand classes in the list below
 * (one line each).
 */
@Command(name = "tiergate", mixinStandardHelpOptions = true, version = "tiergate 0.1.0",
        description = "An OpenAI-compatible gateway that tiers requests across small and frontier models.",
        subcommands = {
                CommandLine.HelpCommand.class,
                io.tiergate.cli.engine.RunCommand.class,
                io.tiergate.cli.engine.BenchCommand.class,
                io.tiergate.cli.serve.ServeCommand.class,
                io.tiergate.cli.store.PullCommand.class,
                io.tiergate.cli.store.ModelsCommand.class,
                io.tiergate.cli.store.ShowCommand.class,
                io.tiergate.cli.store.RemoveCommand.class,
                io.tiergate.cli.store.ImportCommand.class,
                io.tiergate.cli.audit.AuditCommand.class,
                io.tiergate.cli.keys.KeysCommand.class,
                io.tiergate.cli.policy.PolicyCommand.class,
                io.tiergate.cli.router.RouterCommand.class,
                io.tiergate.cli.router.EvalCommand.class,
                io.tiergate.cli.router.RouteCommand.class,
        })
public final class Main implements Runnable {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code (tests call this instead of main). */
    public static int run(String... args) {
        return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }
}
