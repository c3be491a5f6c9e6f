package io.tiergate.policy;

import io.tiergate.api.BackendInfo;
import io.tiergate.api.Caller;
import io.tiergate.api.ChatRequest;
import io.tiergate.api.ChatMessage;
import io.tiergate.api.ContentPart;
import io.tiergate.api.Locality;
import io.tiergate.api.PolicyDecision;
import io.tiergate.api.ResidencyPolicy;
import io.tiergate.policy.detect.Detector;
import io.tiergate.policy.detect.SensitiveDataScanner;
import io.tiergate.policy.detect.SpanMasker;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The residency policy built from {@link PolicyConfig}. Picks the caller's policy (workflow
 * attachment, then the key's own policy, then key attachment, then team attachment, then the
 * default), scans every judged text of the request ({@link RequestTexts}) and decides:
 * <ul>
 *   <li>sovereign — in-process and LAN only; denied instead when sensitive data is found and the
 *       action is {@code deny};</li>
 *   <li>cloud-allowed — every locality; findings are reported for the ledger only;</li>
 *   <li>cloud-if-clean — every locality when nothing is found, otherwise the on-sensitive action:
 *       local only, denied, or every locality with a masked copy of the request. Parts the scanner
 *       cannot read (images, audio, files) make the request local only, or denied under deny.</li>
 * </ul>
 * Reasons and denials name data types, never values. An unknown policy name fails closed (denied).
 * Immutable and thread-safe.
 */
public final class ConfiguredResidencyPolicy implements ResidencyPolicy {
    private static final Set<Locality> EVERYWHERE = EnumSet.allOf(Locality.class);

    private final PolicyConfig config;
    private final Map<String, SensitiveDataScanner> scanners = new HashMap<>();

    public ConfiguredResidencyPolicy(PolicyConfig config) {
        this.config = config;
        config.policies().forEach((name, def) -> {
            List<Detector> custom = new ArrayList<>();
            def.detectors().forEach(d -> custom.addAll(d.detectors()));
            scanners.put(name, new SensitiveDataScanner(custom));
        });
    }

    public PolicyConfig config() {
        return config;
    }

    /** The name of the policy that governs {@code caller}. */
    public String policyNameFor(Caller caller) {
        PolicyAttachments attach = config.attach();
        return caller.workflow().map(attach.workflows()::get)
                .or(caller::policy)
                .or(() -> Optional.ofNullable(attach.keys().get(caller.keyId())))
                .or(() -> caller.team().map(attach.teams()::get))
                .orElse(config.defaultPolicy());
    }

    /** The scanner of a policy (built-in detectors plus the policy's custom ones). */
    public Optional<SensitiveDataScanner> scanner(String policyName) {
        return Optional.ofNullable(scanners.get(policyName));
    }

    @Override
    public PolicyDecision decide(ChatRequest request, Caller caller) {
        return decide(request, policyNameFor(caller));
    }

    /** The decision under a named policy, whoever the caller ({@code tiergate policy check --policy}). */
    public PolicyDecision decide(ChatRequest request, String policyName) {
        PolicyDefinition def = config.policies().get(policyName);
        SensitiveDataScanner scanner = scanners.get(policyName);
        if (def == null || scanner == null) {
            return new PolicyDecision.Denied(policyName, List.of(), "unknown policy '" + policyName + "'");
        }
        Set<String> found = new TreeSet<>();
        RequestTexts.map(request, text -> {
            scanner.scan(text).forEach(f -> found.add(f.type()));
            return text;
        });
        Map<String, Set<String>> inSideFields = SideFields.scan(request, scanner);
        inSideFields.values().forEach(found::addAll);
        List<String> types = List.copyOf(found);
        String foundText = types.isEmpty() ? "no sensitive data found" : "found " + String.join(", ", types);
        return switch (def.mode()) {
            case SOVEREIGN -> !types.isEmpty() && def.onSensitive() == SensitiveAction.DENY
                    ? denied(policyName, types)
                    : new PolicyDecision.Allowed(policyName, PolicyDefinition.LOCAL, request, types, false,
                    "sovereign: in-process and LAN tiers only; " + foundText);
            case CLOUD_ALLOWED -> new PolicyDecision.Allowed(policyName, EVERYWHERE, request, types, false,
                    "cloud allowed; " + foundText);
            case CLOUD_IF_CLEAN -> {
                // Parts the scanner cannot read (images, audio, files) may hold what it looks for: such a
                // request is not known to be clean, so it never leaves the building (fail closed).
                Set<String> unscanned = unscannedParts(request);
                if (types.isEmpty() && unscanned.isEmpty()) {
                    yield new PolicyDecision.Allowed(policyName, EVERYWHERE, request, types, false, "clean: " + foundText);
                }
                if (!inSideFields.isEmpty()) {
                    // user, metadata and passed-through fields go upstream as they came: they cannot be masked
                    String why = foundText + " in field(s) that cannot be masked (" + String.join(", ", inSideFields.keySet()) + ")";
                    yield def.onSensitive() == SensitiveAction.DENY
                            ? denied(policyName, types)
                            : new PolicyDecision.Allowed(policyName, PolicyDefinition.LOCAL, request, types, false,
                            why + ": in-process and LAN tiers only");
                }
                if (!unscanned.isEmpty()) {
                    List<String> reported = List.copyOf(union(found, unscanned));
                    String why = (types.isEmpty() ? "" : foundText + "; ") + "content that cannot be scanned ("
                            + String.join(", ", unscanned) + ")";
                    yield def.onSensitive() == SensitiveAction.DENY
                            ? new PolicyDecision.Denied(policyName, reported, why)
                            : new PolicyDecision.Allowed(policyName, PolicyDefinition.LOCAL, request, reported, false,
                            why + ": in-process and LAN tiers only (it cannot be masked)");
                }
                yield switch (def.onSensitive()) {
                    case ROUTE_LOCAL -> new PolicyDecision.Allowed(policyName, PolicyDefinition.LOCAL, request, types, false,
                            foundText + ": in-process and LAN tiers only");
                    case DENY -> denied(policyName, types);
                    case MASK -> {
                        SpanMasker masker = new SpanMasker();
                        yield new PolicyDecision.Allowed(policyName, EVERYWHERE, mask(request, scanner, masker), types, true,
                                foundText + ": masked before any tier sees the request", masker.placeholders());
                    }
                };
            }
        };
    }

    /** Localities first; then, for cloud backends, the policy's provider and region lists. */
    @Override
    public boolean admits(PolicyDecision.Allowed decision, BackendInfo backend) {
        if (!decision.localities().contains(backend.locality())) return false;
        if (backend.locality() != Locality.CLOUD) return true;
        PolicyDefinition def = config.policies().get(decision.policy());
        return def == null || def.admitsCloud(backend.provider(), backend.region());
    }

    /**
     * The kinds of content parts the scanner cannot read: "image", or the part's own type ("input_audio", "file"). An
     * assistant's refusal part is text ({@link RefusalPart}) and is not among them unless its JSON cannot be read.
     */
    static Set<String> unscannedParts(ChatRequest request) {
        Set<String> kinds = new TreeSet<>();
        for (ChatMessage m : request.messages()) {
            for (ContentPart p : m.content()) {
                switch (p) {
                    case ContentPart.Text t -> { }
                    case ContentPart.ImageUrl i -> kinds.add("image");
                    case ContentPart.Other o -> {
                        if (!RefusalPart.readable(o)) kinds.add(o.type()); // a readable refusal is scanned as text
                    }
                }
            }
        }
        return kinds;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    static ChatRequest mask(ChatRequest request, SensitiveDataScanner scanner, SpanMasker masker) {
        return RequestTexts.map(request, text -> masker.mask(text, scanner.scan(text)));
    }

    private static PolicyDecision.Denied denied(String policyName, List<String> types) {
        return new PolicyDecision.Denied(policyName, types, "sensitive data found (" + String.join(", ", types) + ")");
    }
}
