package io.tiergate.cli.router;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code tiergate eval}: offline evaluations. */
@Command(name = "eval", mixinStandardHelpOptions = true, description = "Offline evaluations.",
        subcommands = {EvalRouterCommand.class})
public final class EvalCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
