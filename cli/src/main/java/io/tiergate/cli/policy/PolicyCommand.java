package io.tiergate.cli.policy;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code tiergate policy}: residency policy tools. */
@Command(name = "policy", description = "Residency policies: check what a text would trigger.",
        subcommands = {PolicyCheckCommand.class})
public final class PolicyCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
