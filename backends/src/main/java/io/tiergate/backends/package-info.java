/**
 * Remote model servers behind {@link io.tiergate.api.Backend}: one OpenAI-compatible backend for
 * Ollama, LM Studio, llama.cpp, vLLM, OpenAI, Groq, Together, Mistral … (quirks as data,
 * {@code openai}), Anthropic's Messages API ({@code anthropic}), the shared HTTP machinery (timeouts,
 * SSE, failure mapping: {@code http}) and replica pools with health checks and retries ({@code pool}).
 * {@link io.tiergate.backends.Backends} builds them from {@link io.tiergate.backends.BackendConfig}.
 */
package io.tiergate.backends;
