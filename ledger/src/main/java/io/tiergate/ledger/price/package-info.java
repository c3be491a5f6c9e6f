/** Model prices (built-in table plus configuration) and the cost/counterfactual-cost calculation. */
package io.tiergate.ledger.price;
