/** Tiergate cli module: see DESIGN.md. */
package io.tiergate.cli;
