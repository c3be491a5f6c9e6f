/** Tiergate backends module: see DESIGN.md. */
package io.tiergate.backends;
