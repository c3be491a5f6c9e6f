package io.tiergate.cli.keys;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tiergate.api.TiergateException;
import io.tiergate.cli.audit.LedgerLocation;
import io.tiergate.ledger.keys.KeyAdmin;
import io.tiergate.ledger.keys.KeyJson;
import io.tiergate.ledger.keys.VirtualKey;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;

/** {@code tiergate keys list}: ids, names and limits; never secrets (they are not stored). */
@Command(name = "list", mixinStandardHelpOptions = true, description = "List keys (live ones unless --all).")
public final class KeysListCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    LedgerLocation location = new LedgerLocation();

    @Option(names = "--all", description = "Include revoked keys")
    boolean all;

    @Option(names = "--json", description = "Print JSON")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        try {
            List<VirtualKey> keys = new KeyAdmin(location.open()).list(all);
            if (json) {
                out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                        .writeValueAsString(keys.stream().map(k -> KeyJson.view(k, Optional.empty())).toList()));
            } else {
                out.printf("%-12s %-20s %-12s %-24s %-14s %-14s %-8s %-10s %s%n",
                        "ID", "NAME", "TEAM", "MODELS", "BUDGET/DAY", "BUDGET/MONTH", "RPM", "TPM", "STATUS");
                for (VirtualKey k : keys) {
                    out.printf("%-12s %-20s %-12s %-24s %-14s %-14s %-8s %-10s %s%n", k.id(), k.name(), k.team().orElse("-"),
                            k.allowedModels().isEmpty() ? "*" : String.join(",", k.allowedModels()),
                            dollars(k.limits().budgetPerDayMicros()), dollars(k.limits().budgetPerMonthMicros()),
                            number(k.limits().requestsPerMinute()), number(k.limits().tokensPerMinute()),
                            k.revokedAt().map(t -> "revoked " + t).orElse("live"));
                }
            }
            out.flush();
            return 0;
        } catch (TiergateException e) {
            spec.commandLine().getErr().println("tiergate keys list: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 1;
        }
    }

    private static String dollars(OptionalLong micros) {
        return micros.isPresent() ? String.format(Locale.ROOT, "$%.2f", micros.getAsLong() / 1e6) : "-";
    }

    private static String number(OptionalLong v) {
        return v.isPresent() ? Long.toString(v.getAsLong()) : "-";
    }
}
