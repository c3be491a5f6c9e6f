/**
 * Virtual API keys: created with a secret shown once, stored only as salted hashes, each carrying the
 * models/tiers it may use, its team and policy, and its budgets and rate limits.
 */
package io.tiergate.ledger.keys;
