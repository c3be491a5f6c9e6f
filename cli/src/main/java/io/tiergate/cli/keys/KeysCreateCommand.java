package io.tiergate.cli.keys;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tiergate.api.InvalidRequestException;
import io.tiergate.api.TiergateException;
import io.tiergate.cli.audit.LedgerLocation;
import io.tiergate.ledger.keys.CreatedKey;
import io.tiergate.ledger.keys.KeyAdmin;
import io.tiergate.ledger.keys.KeyJson;
import io.tiergate.ledger.keys.KeyLimits;
import io.tiergate.ledger.keys.KeySpec;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.math.BigDecimal;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;

/** {@code tiergate keys create}: prints the new key's secret once. */
@Command(name = "create", mixinStandardHelpOptions = true, description = "Create a key; its secret is printed once and never stored.")
public final class KeysCreateCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    LedgerLocation location = new LedgerLocation();

    @Option(names = "--name", required = true, description = "What the key is for")
    String name;

    @Option(names = "--team", description = "Team the key's spend is reported under")
    String team;

    @Option(names = "--policy", description = "Residency policy applied to the key's requests")
    String policy;

    @Option(names = "--models", split = ",", description = "Allowed models (default: all)")
    List<String> models = List.of();

    @Option(names = "--tiers", split = ",", description = "Allowed tiers (default: all)")
    List<String> tiers = List.of();

    @Option(names = "--budget-day", paramLabel = "USD", description = "Budget per UTC day in dollars, e.g. 5 or 0.50")
    String budgetDay;

    @Option(names = "--budget-month", paramLabel = "USD", description = "Budget per UTC month in dollars")
    String budgetMonth;

    @Option(names = "--rpm", description = "Requests per minute")
    Long rpm;

    @Option(names = "--tpm", description = "Tokens per minute")
    Long tpm;

    @Option(names = "--json", description = "Print the key and secret as JSON")
    boolean json;

    @Override
    public Integer call() throws Exception {
        try {
            KeyLimits limits;
            try {
                limits = new KeyLimits(micros(budgetDay, "--budget-day"), micros(budgetMonth, "--budget-month"),
                        optional(rpm), optional(tpm));
            } catch (IllegalArgumentException e) {
                throw new InvalidRequestException(e.getMessage(), "limits");
            }
            KeySpec keySpec = new KeySpec(name, Optional.ofNullable(team), Optional.ofNullable(policy), models, tiers, limits);
            CreatedKey created = new KeyAdmin(location.open()).create(keySpec);
            var out = spec.commandLine().getOut();
            if (json) {
                out.println(new ObjectMapper().writeValueAsString(KeyJson.view(created.key(), Optional.of(created.secret()))));
            } else {
                out.println("Created key " + created.key().id() + " (" + created.key().name() + ")");
                out.println("Secret (shown once, store it now): " + created.secret());
            }
            out.flush();
            return 0;
        } catch (TiergateException e) {
            spec.commandLine().getErr().println("tiergate keys create: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return e.status() == 400 ? 2 : 1;
        }
    }

    private static OptionalLong optional(Long v) {
        return v == null ? OptionalLong.empty() : OptionalLong.of(v);
    }

    /** Dollars as typed ("5", "0.25") to micro-dollars. */
    static OptionalLong micros(String dollars, String option) {
        if (dollars == null) {
            return OptionalLong.empty();
        }
        try {
            BigDecimal micros = new BigDecimal(dollars.strip().replace("$", "")).movePointRight(6);
            if (micros.signum() <= 0) {
                throw new InvalidRequestException(option + " must be a positive amount of dollars, was " + dollars, option);
            }
            return OptionalLong.of(micros.longValueExact());
        } catch (NumberFormatException | ArithmeticException e) {
            throw new InvalidRequestException(option + " must be dollars like 5 or 0.50 (at most 6 decimals), was '" + dollars + "'", option);
        }
    }
}
