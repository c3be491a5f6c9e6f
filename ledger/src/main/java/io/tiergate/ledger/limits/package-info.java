/**
 * Budgets and rate limits per virtual key: reserve before a request, commit its actual cost and tokens
 * after. {@link io.tiergate.ledger.limits.UsageLimiter} is the seam for a shared (Redis) implementation.
 */
package io.tiergate.ledger.limits;
