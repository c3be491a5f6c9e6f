/** Tiergate gateway module: see DESIGN.md. */
package io.tiergate.gateway;
