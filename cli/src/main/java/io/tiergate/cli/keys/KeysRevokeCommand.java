package io.tiergate.cli.keys;

import io.tiergate.api.TiergateException;
import io.tiergate.cli.audit.LedgerLocation;
import io.tiergate.ledger.keys.KeyAdmin;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code tiergate keys revoke ID}: a running gateway stops accepting the key within its cache TTL. */
@Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a key by id (tg-xxxxxxxx).")
public final class KeysRevokeCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    LedgerLocation location = new LedgerLocation();

    @Parameters(paramLabel = "ID", description = "The key id shown by 'keys list'")
    String id;

    @Override
    public Integer call() {
        try {
            if (new KeyAdmin(location.open()).revoke(id.strip())) {
                spec.commandLine().getOut().println("Revoked key " + id.strip());
                spec.commandLine().getOut().flush();
                return 0;
            }
            spec.commandLine().getErr().println("tiergate keys revoke: no live key with id '" + id + "'");
        } catch (TiergateException e) {
            spec.commandLine().getErr().println("tiergate keys revoke: " + e.getMessage());
        }
        spec.commandLine().getErr().flush();
        return 1;
    }
}
