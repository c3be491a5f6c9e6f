package io.tiergate.cli.keys;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

/** {@code tiergate keys create|list|revoke}: virtual API keys in the ledger database. */
@Command(name = "keys", mixinStandardHelpOptions = true,
        description = "Create, list and revoke virtual API keys (stored as salted hashes in the ledger database).",
        subcommands = {KeysCreateCommand.class, KeysListCommand.class, KeysRevokeCommand.class})
public final class KeysCommand implements Runnable {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
