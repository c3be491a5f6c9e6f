package io.tiergate.policy;

import java.util.Map;
import java.util.Objects;

/**
 * Which policy applies to whom: virtual key id, team or workflow name → policy name.
 * <pre>
 * attach:
 *   keys: {key-ci: sovereign}
 *   teams: {finance: strict}
 *   workflows: {payroll-summary: sovereign}
 * </pre>
 */
public record PolicyAttachments(Map<String, String> keys, Map<String, String> teams, Map<String, String> workflows) {
    public PolicyAttachments {
        keys = Map.copyOf(Objects.requireNonNullElse(keys, Map.of()));
        teams = Map.copyOf(Objects.requireNonNullElse(teams, Map.of()));
        workflows = Map.copyOf(Objects.requireNonNullElse(workflows, Map.of()));
    }

    public static PolicyAttachments none() {
        return new PolicyAttachments(Map.of(), Map.of(), Map.of());
    }
}
