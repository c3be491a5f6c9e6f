/** Tiergate engine module: see DESIGN.md. */
package io.tiergate.engine;
