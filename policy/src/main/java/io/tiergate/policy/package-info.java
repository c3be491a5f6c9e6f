/** Tiergate policy module: see DESIGN.md. */
package io.tiergate.policy;
