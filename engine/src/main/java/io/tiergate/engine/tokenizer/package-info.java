/**
 * Tokenizers read from a GGUF file's {@code tokenizer.ggml.*} metadata, identical to llama.cpp's token
 * ids: byte-level BPE with every pre-tokenizer llama.cpp names (all but five exotic ones), and
 * SentencePiece with byte fallback; special tokens cut out first; end-of-generation ids; streaming
 * UTF-8 decoding. Entry point: {@link io.tiergate.engine.tokenizer.Tokenizer#fromGguf}.
 */
package io.tiergate.engine.tokenizer;
