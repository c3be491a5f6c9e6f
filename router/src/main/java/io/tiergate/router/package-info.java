/** Tiergate router module: see DESIGN.md. */
package io.tiergate.router;
