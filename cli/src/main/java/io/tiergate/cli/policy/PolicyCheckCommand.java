package io.tiergate.cli.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.tiergate.api.Caller;
import io.tiergate.api.ChatRequest;
import io.tiergate.api.Locality;
import io.tiergate.api.PolicyDecision;
import io.tiergate.cli.config.ConfigException;
import io.tiergate.cli.config.YamlConfigReader;
import io.tiergate.policy.ConfiguredResidencyPolicy;
import io.tiergate.policy.PolicyConfig;
import io.tiergate.policy.PolicyDefinition;
import io.tiergate.policy.detect.Finding;
import io.tiergate.policy.detect.SpanMasker;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tiergate policy check [--policy NAME] [--config FILE] [TEXT]}: scans TEXT (or stdin) like a
 * user message and prints the findings (type and char offsets, never values), a masked preview and
 * the policy's decision. Exit code 0 when allowed, 1 when denied, 2 for a bad policy or config.
 */
@Command(name = "check", description = "Show what a text would trigger under a residency policy.")
public final class PolicyCheckCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--policy", description = "Policy name (default: the one attached to --key/--team/--workflow, else default-policy).")
    Optional<String> policy = Optional.empty();

    @Option(names = "--config", description = "Configuration file (YAML); its 'policy' section is used. Default: $TIERGATE_CONFIG, else built-in policies.")
    Optional<Path> config = Optional.empty();

    @Option(names = "--key", description = "Pick the policy as for this virtual key id.")
    Optional<String> key = Optional.empty();

    @Option(names = "--team", description = "Pick the policy as for this team.")
    Optional<String> team = Optional.empty();

    @Option(names = "--workflow", description = "Pick the policy as for this workflow.")
    Optional<String> workflow = Optional.empty();

    @Parameters(arity = "0..*", paramLabel = "TEXT", description = "Text to check (words are joined by spaces); read from stdin when absent.")
    List<String> words = List.of();

    /** Where the text comes from when none is given on the command line; tests replace it. */
    InputStream stdin = System.in;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        ConfiguredResidencyPolicy residency;
        try {
            residency = new ConfiguredResidencyPolicy(loadPolicyConfig());
        } catch (ConfigException | IllegalArgumentException e) {
            err.println("tiergate: invalid configuration: " + e.getMessage());
            return 2;
        }
        Caller caller = new Caller(key.orElse("cli"), team, workflow, Optional.empty(), Optional.empty());
        String name = policy.orElseGet(() -> residency.policyNameFor(caller));
        PolicyDefinition definition = residency.config().policies().get(name);
        if (definition == null) {
            err.println("tiergate: unknown policy '" + name + "' (known: "
                    + residency.config().policies().keySet().stream().sorted().collect(Collectors.joining(", ")) + ")");
            return 2;
        }
        // A piped text's final line break is not part of it (offsets are unaffected: it is at the end).
        String text = words.isEmpty() ? new String(stdin.readAllBytes(), StandardCharsets.UTF_8).replaceFirst("\\R\\z", "")
                : String.join(" ", words);

        List<Finding> findings = residency.scanner(name).orElseThrow().scan(text);
        out.println("policy: " + name + " (mode " + definition.mode().configName() + ", on-sensitive "
                + definition.onSensitive().configName() + ")");
        out.println("findings: " + findings.size());
        for (Finding f : findings) {
            out.printf("  %-16s chars %d-%d%n", f.type(), f.start(), f.end());
        }
        if (!findings.isEmpty()) out.println("masked: " + new SpanMasker().mask(text, findings));

        PolicyDecision decision = residency.decide(ChatRequest.ofUser("policy-check", text), name);
        return switch (decision) {
            case PolicyDecision.Allowed a -> {
                String where = a.localities().stream().sorted().map(Locality::configName).collect(Collectors.joining(", "));
                out.println("decision: allowed on " + where + (a.masked() ? " (masked)" : "") + " — " + a.reason());
                yield 0;
            }
            case PolicyDecision.Denied d -> {
                out.println("decision: denied (403 policy_denied) — " + d.reason());
                yield 1;
            }
        };
    }

    /**
     * The policy section of {@code --config} (or $TIERGATE_CONFIG) laid over the built-in policies,
     * read on its own so that a check does not need the environment variables other sections refer to.
     */
    PolicyConfig loadPolicyConfig() {
        Optional<Path> file = config.or(() -> Optional.ofNullable(System.getenv("TIERGATE_CONFIG")).map(Path::of));
        if (file.isEmpty()) return PolicyConfig.defaults();
        String name = file.get().toString();
        String yaml;
        try {
            yaml = Files.readString(file.get());
        } catch (IOException e) {
            throw new ConfigException(name, "", "cannot read: " + e.getMessage());
        }
        JsonNode section;
        try {
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(yaml);
            section = root == null ? null : root.get("policy");
        } catch (IOException e) {
            throw new ConfigException(name, "", "not valid YAML: " + e.getMessage());
        }
        if (section == null || section.isNull()) return PolicyConfig.defaults();
        return YamlConfigReader.withSystemEnv().read(name + " (policy section)", section.toString(), PolicyConfig.class,
                Optional.of(PolicyConfig.defaults()));
    }
}
