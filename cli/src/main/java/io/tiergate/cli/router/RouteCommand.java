package io.tiergate.cli.router;

import io.tiergate.api.ChatMessage;
import io.tiergate.api.ChatRequest;
import io.tiergate.api.Difficulty;
import io.tiergate.api.Locality;
import io.tiergate.api.Role;
import io.tiergate.api.RoutePlan;
import io.tiergate.api.TierRef;
import io.tiergate.api.TiergateException;
import io.tiergate.router.RouterConfig;
import io.tiergate.router.RouterFactory;
import io.tiergate.router.RouterFiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code tiergate route "PROMPT" --explain}: the tier the router would choose for a prompt, and why. */
@Command(name = "route", mixinStandardHelpOptions = true,
        description = "Show which tier the router chooses for a prompt; --explain adds the score, the strongest features and the thresholds.")
public final class RouteCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PROMPT", description = "The user message")
    String prompt;

    @Option(names = "--system", paramLabel = "TEXT", description = "A system message sent before the prompt")
    String system;

    @Option(names = "--explain", description = "Print the score, the strongest signals, the thresholds and the reason")
    boolean explain;

    @Option(names = "--router", defaultValue = RouterFiles.BUILT_IN, paramLabel = "FILE", description = "Router file (default: ${DEFAULT-VALUE})")
    String router;

    @Option(names = "--tiers", split = ",", defaultValue = "small,large", paramLabel = "NAME",
            description = "Tier names, cheapest first (default: ${DEFAULT-VALUE})")
    List<String> tiers;

    @Option(names = "--max-strong-share", paramLabel = "SHARE", description = "Share of requests (0-1) that may go to the strongest tier (default 0.2)")
    Double maxStrongShare;

    @Option(names = "--target-quality", paramLabel = "SHARE", description = "Share (0-1] of the strongest tier's quality to keep")
    Double targetQuality;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            RouterConfig config = new RouterConfig(router, Optional.ofNullable(maxStrongShare), Optional.ofNullable(targetQuality), Map.of());
            RouterFactory.LoadedRouter loaded = RouterFactory.fromConfig(config);
            List<ChatMessage> messages = new ArrayList<>();
            if (system != null) messages.add(ChatMessage.of(Role.SYSTEM, system));
            messages.add(ChatMessage.of(Role.USER, prompt));
            ChatRequest request = ChatRequest.ofUser("auto", prompt).withMessages(messages);
            List<TierRef> refs = new ArrayList<>();
            for (int i = 0; i < tiers.size(); i++) {
                refs.add(new TierRef(tiers.get(i).strip(), i, Set.of(i == 0 ? Locality.IN_PROCESS : Locality.CLOUD)));
            }
            long start = System.nanoTime();
            Difficulty difficulty = loaded.scorer().score(request);
            RoutePlan plan = loaded.router().plan(request, difficulty, refs);
            double micros = (System.nanoTime() - start) / 1000.0;
            out.println("tier: " + plan.tiers().getFirst());
            if (explain) {
                out.printf(Locale.ROOT, "score: %.3f (probability that '%s' answers worse than the strongest tier)%n", difficulty.score(), refs.getFirst().name());
                out.println("strongest signals (log-odds contribution; + pushes toward a stronger tier):");
                for (Difficulty.Signal s : difficulty.signals()) {
                    out.printf(Locale.ROOT, "  %-20s value %8.3f  %+.3f%n", s.name(), s.value(), s.contribution());
                }
                double[] thresholds = loaded.router().thresholds(refs);
                out.print("thresholds:");
                for (int i = 0; i < refs.size(); i++) out.printf(Locale.ROOT, " %s ≥ %.3f", refs.get(i).name(), thresholds[i]);
                out.printf(Locale.ROOT, " (%s; strongest tier gets %.0f%% of calibration traffic)%n", config.targetDescription(),
                        loaded.router().strongShare() * 100);
                out.println("why: " + plan.reason());
                out.println("fallbacks: " + (plan.tiers().size() > 1 ? String.join(", ", plan.tiers().subList(1, plan.tiers().size())) : "none"));
                out.printf(Locale.ROOT, "router: %s (%s); decision took %.1f ms, loading %d ms%n", router, loaded.file().modelName(),
                        micros / 1000, loaded.loadMillis());
            }
            out.flush();
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("tiergate route: " + e.getMessage());
            err.flush();
            return 2;
        } catch (TiergateException e) {
            err.println("tiergate route: " + e.getMessage());
            err.flush();
            return e.status() == 400 ? 2 : 1;
        }
    }
}
