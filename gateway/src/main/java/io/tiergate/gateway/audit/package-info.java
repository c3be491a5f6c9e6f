/** Turns finished calls into audit-ledger entries, priced with the ledger's cost calculator. */
package io.tiergate.gateway.audit;
