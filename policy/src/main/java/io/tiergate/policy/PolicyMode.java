package io.tiergate.policy;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Where a policy lets requests go. Configuration spelling in {@link #configName()}. */
public enum PolicyMode {
    /** Never cloud: in-process and LAN tiers only, whatever the content. */
    @JsonProperty("sovereign") SOVEREIGN("sovereign"),
    /** Any tier; sensitive data is detected and recorded, but does not change routing. */
    @JsonProperty("cloud-allowed") CLOUD_ALLOWED("cloud-allowed"),
    /** Any tier while nothing sensitive is found; otherwise the policy's on-sensitive action applies. */
    @JsonProperty("cloud-if-clean") CLOUD_IF_CLEAN("cloud-if-clean");

    private final String configName;

    PolicyMode(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    public static PolicyMode fromConfig(String s) {
        for (PolicyMode m : values()) {
            if (m.configName.equals(s)) return m;
        }
        throw new IllegalArgumentException("unknown policy mode '" + s + "' (expected sovereign, cloud-allowed or cloud-if-clean)");
    }
}
