package io.tiergate.policy;

import io.tiergate.api.Locality;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * One named residency policy.
 * <pre>
 * mode: cloud-if-clean          # sovereign | cloud-allowed | cloud-if-clean
 * on-sensitive: mask            # route-local (default) | deny | mask
 * allow-providers: [openai]     # cloud providers allowed (empty: all)
 * deny-providers: []
 * allow-regions: [eu-west-1]    # cloud regions allowed (empty: all); a cloud backend without region is then refused
 * deny-regions: []
 * detectors: []                 # custom detectors, see CustomDetectorConfig
 * </pre>
 * Provider and region lists judge cloud backends only: in-process and LAN backends are inside the
 * building whoever made them. Names compare case-insensitively.
 */
public record PolicyDefinition(PolicyMode mode, SensitiveAction onSensitive, List<String> allowProviders,
                               List<String> denyProviders, List<String> allowRegions, List<String> denyRegions,
                               List<CustomDetectorConfig> detectors) {
    /** Localities that never leave the building. */
    public static final Set<Locality> LOCAL = Set.of(Locality.IN_PROCESS, Locality.LAN);

    public PolicyDefinition {
        if (mode == null) throw new IllegalArgumentException("policy mode is required (sovereign, cloud-allowed or cloud-if-clean)");
        onSensitive = Objects.requireNonNullElse(onSensitive, SensitiveAction.ROUTE_LOCAL);
        allowProviders = lowerCase(allowProviders);
        denyProviders = lowerCase(denyProviders);
        allowRegions = lowerCase(allowRegions);
        denyRegions = lowerCase(denyRegions);
        detectors = List.copyOf(Objects.requireNonNullElse(detectors, List.of()));
        for (String p : allowProviders) {
            if (denyProviders.contains(p)) throw new IllegalArgumentException("provider '" + p + "' is in both allow-providers and deny-providers");
        }
        for (String r : allowRegions) {
            if (denyRegions.contains(r)) throw new IllegalArgumentException("region '" + r + "' is in both allow-regions and deny-regions");
        }
    }

    /** A policy of the given mode and action with no lists and no custom detectors. */
    public static PolicyDefinition of(PolicyMode mode, SensitiveAction onSensitive) {
        return new PolicyDefinition(mode, onSensitive, List.of(), List.of(), List.of(), List.of(), List.of());
    }

    /** Whether a cloud backend of this provider and (possibly unknown) region passes the lists. */
    public boolean admitsCloud(String provider, java.util.Optional<String> region) {
        String p = provider.toLowerCase(Locale.ROOT);
        if (denyProviders.contains(p) || (!allowProviders.isEmpty() && !allowProviders.contains(p))) return false;
        if (region.isEmpty()) return allowRegions.isEmpty();
        String r = region.get().toLowerCase(Locale.ROOT);
        return !denyRegions.contains(r) && (allowRegions.isEmpty() || allowRegions.contains(r));
    }

    private static List<String> lowerCase(List<String> names) {
        return Objects.requireNonNullElse(names, List.<String>of()).stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
    }
}
