/** Tiergate server module: see DESIGN.md. */
package io.tiergate.server;
