package io.tiergate.cli.engine;

import picocli.CommandLine.Command;

/** {@code tiergate bench ...}: benchmark commands. Other areas add theirs to {@code subcommands}. */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks.",
        subcommands = {EngineBenchCommand.class})
public final class BenchCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
