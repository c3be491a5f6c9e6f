package io.tiergate.policy;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a policy does when sensitive data is found (key {@code on-sensitive}). */
public enum SensitiveAction {
    /** Serve the request, but only from in-process and LAN tiers. */
    @JsonProperty("route-local") ROUTE_LOCAL("route-local"),
    /** Refuse the request: 403, code policy_denied, naming the data types found. */
    @JsonProperty("deny") DENY("deny"),
    /** Replace the sensitive spans with placeholders ([EMAIL_1]) and let the masked request go to any tier. */
    @JsonProperty("mask") MASK("mask");

    private final String configName;

    SensitiveAction(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    public static SensitiveAction fromConfig(String s) {
        for (SensitiveAction a : values()) {
            if (a.configName.equals(s)) return a;
        }
        throw new IllegalArgumentException("unknown on-sensitive action '" + s + "' (expected route-local, deny or mask)");
    }
}
