package io.tiergate.cli.router;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code tiergate router}: train a router from routing-evaluation files, or score prompts with one. */
@Command(name = "router", mixinStandardHelpOptions = true,
        description = "Train the cognitive-load router or score prompts with it.",
        subcommands = {RouterTrainCommand.class, RouterScoreCommand.class})
public final class RouterCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
