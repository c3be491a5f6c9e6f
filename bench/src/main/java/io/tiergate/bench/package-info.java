/** Tiergate bench module: see DESIGN.md. */
package io.tiergate.bench;
