/** Tiergate ledger module: see DESIGN.md. */
package io.tiergate.ledger;
