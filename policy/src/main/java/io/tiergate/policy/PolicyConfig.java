package io.tiergate.policy;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The residency section of the configuration: named policies, the one that applies when nothing
 * more specific is attached, and attachments to keys, teams and workflows.
 * <pre>
 * default-policy: cloud-if-clean
 * policies:
 *   cloud-if-clean: {mode: cloud-if-clean, on-sensitive: route-local}
 *   strict: {mode: sovereign, on-sensitive: deny}
 * attach:
 *   teams: {finance: strict}
 * </pre>
 */
public record PolicyConfig(String defaultPolicy, Map<String, PolicyDefinition> policies, PolicyAttachments attach) {
    public PolicyConfig {
        policies = Map.copyOf(Objects.requireNonNullElse(policies, Map.of()));
        attach = Objects.requireNonNullElse(attach, PolicyAttachments.none());
        if (policies.isEmpty()) throw new IllegalArgumentException("policies must name at least one policy");
        for (String name : policies.keySet()) {
            if (!name.matches("[A-Za-z0-9][A-Za-z0-9_.\\-]*")) {
                throw new IllegalArgumentException("policies: name '" + name + "' must be letters, digits, '-', '_' or '.'");
            }
        }
        if (defaultPolicy == null || !policies.containsKey(defaultPolicy)) {
            throw new IllegalArgumentException("default-policy '" + defaultPolicy + "' is not one of policies " + policies.keySet());
        }
        requireKnown("attach.keys", attach.keys(), policies);
        requireKnown("attach.teams", attach.teams(), policies);
        requireKnown("attach.workflows", attach.workflows(), policies);
    }

    /**
     * Three ready-made policies named after their modes — {@code sovereign}, {@code cloud-if-clean}
     * (route-local on sensitive data; the default) and {@code cloud-allowed} — plus {@code mask}
     * (cloud-if-clean that masks instead).
     */
    public static PolicyConfig defaults() {
        Map<String, PolicyDefinition> p = new LinkedHashMap<>();
        p.put("sovereign", PolicyDefinition.of(PolicyMode.SOVEREIGN, SensitiveAction.ROUTE_LOCAL));
        p.put("cloud-if-clean", PolicyDefinition.of(PolicyMode.CLOUD_IF_CLEAN, SensitiveAction.ROUTE_LOCAL));
        p.put("cloud-allowed", PolicyDefinition.of(PolicyMode.CLOUD_ALLOWED, SensitiveAction.ROUTE_LOCAL));
        p.put("mask", PolicyDefinition.of(PolicyMode.CLOUD_IF_CLEAN, SensitiveAction.MASK));
        return new PolicyConfig("cloud-if-clean", p, PolicyAttachments.none());
    }

    private static void requireKnown(String key, Map<String, String> attached, Map<String, PolicyDefinition> policies) {
        attached.forEach((who, policy) -> {
            if (!policies.containsKey(policy)) {
                throw new IllegalArgumentException(key + "." + who + ": unknown policy '" + policy + "' (known: " + policies.keySet() + ")");
            }
        });
    }
}
