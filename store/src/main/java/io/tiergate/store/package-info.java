/** Tiergate store module: the local model store (pull, import, list, remove GGUF models). */
package io.tiergate.store;
