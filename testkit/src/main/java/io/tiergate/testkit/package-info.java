/** Tiergate testkit module: see DESIGN.md. */
package io.tiergate.testkit;
