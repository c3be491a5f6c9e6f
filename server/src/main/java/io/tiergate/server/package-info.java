/**
 * The HTTP edge (Helidon SE): OpenAI-wire routes, SSE, errors in OpenAI's shape, health and metrics.
 * Translates at the edge and calls {@link io.tiergate.gateway.Gateway}; holds no pipeline logic.
 */
package io.tiergate.server;
