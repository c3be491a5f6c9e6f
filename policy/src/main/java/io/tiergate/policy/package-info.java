/**
 * Residency policies: which localities (in-process, LAN, cloud) may see a request, decided before
 * routing. {@link io.tiergate.policy.ConfiguredResidencyPolicy} applies a
 * {@link io.tiergate.policy.PolicyConfig} (sovereign / cloud-allowed / cloud-if-clean; route-local,
 * deny or mask on sensitive data; provider and region lists); {@link io.tiergate.policy.EgressGuard}
 * keeps outbound connections to configured backends; {@link io.tiergate.policy.LogRedactor} masks
 * text before it is logged. Detection itself lives in {@code io.tiergate.policy.detect}.
 */
package io.tiergate.policy;
