package io.tiergate.ledger.price;

import io.tiergate.api.ModelPrice;

import java.util.Map;

/**
 * List prices of common frontier and hosted small models, USD per million tokens (input, cached
 * input, output), converted to micro-dollars. Standard (non-batch) tier, shortest-context price band.
 * Providers without prompt caching get the input price as their cached price.
 *
 * <p>As of 2026-03 (PRICES_AS_OF), transcribed from the providers' pricing pages:
 * https://platform.openai.com/docs/pricing, https://www.anthropic.com/pricing#api (cached = cache read),
 * https://ai.google.dev/gemini-api/docs/pricing, https://groq.com/pricing, https://www.together.ai/pricing.
 * Prices change: operators override or add models under {@code ledger.prices}. docs/audit.md repeats this.
 */
public final class BuiltInPrices {
    public static final String PRICES_AS_OF = "2026-03";

    private BuiltInPrices() {}

    public static Map<String, ModelPrice> table() {
        return Map.ofEntries(
                // OpenAI
                usd("gpt-4o", 2.50, 1.25, 10.00),
                usd("gpt-4o-mini", 0.15, 0.075, 0.60),
                usd("gpt-4.1", 2.00, 0.50, 8.00),
                usd("gpt-4.1-mini", 0.40, 0.10, 1.60),
                usd("gpt-4.1-nano", 0.10, 0.025, 0.40),
                usd("gpt-5", 1.25, 0.125, 10.00),
                usd("gpt-5-mini", 0.25, 0.025, 2.00),
                usd("gpt-5-nano", 0.05, 0.005, 0.40),
                usd("o1", 15.00, 7.50, 60.00),
                usd("o3", 2.00, 0.50, 8.00),
                usd("o3-mini", 1.10, 0.55, 4.40),
                usd("o4-mini", 1.10, 0.275, 4.40),
                // Anthropic (cached = cache read)
                usd("claude-opus-4", 15.00, 1.50, 75.00),
                usd("claude-opus-4-1", 15.00, 1.50, 75.00),
                usd("claude-opus-4-5", 5.00, 0.50, 25.00),
                usd("claude-sonnet-4", 3.00, 0.30, 15.00),
                usd("claude-sonnet-4-5", 3.00, 0.30, 15.00),
                usd("claude-3-7-sonnet", 3.00, 0.30, 15.00),
                usd("claude-3-5-sonnet", 3.00, 0.30, 15.00),
                usd("claude-haiku-4-5", 1.00, 0.10, 5.00),
                usd("claude-3-5-haiku", 0.80, 0.08, 4.00),
                // Google Gemini (prompts up to 128k/200k tokens)
                usd("gemini-1.5-pro", 1.25, 0.3125, 5.00),
                usd("gemini-1.5-flash", 0.075, 0.01875, 0.30),
                usd("gemini-2.0-flash", 0.10, 0.025, 0.40),
                usd("gemini-2.0-flash-lite", 0.075, 0.075, 0.30),
                usd("gemini-2.5-pro", 1.25, 0.125, 10.00),
                usd("gemini-2.5-flash", 0.30, 0.03, 2.50),
                usd("gemini-2.5-flash-lite", 0.10, 0.01, 0.40),
                // Groq (hosted open models, no prompt-cache discount)
                usd("llama-3.1-8b-instant", 0.05, 0.05, 0.08),
                usd("llama-3.3-70b-versatile", 0.59, 0.59, 0.79),
                usd("qwen/qwen3-32b", 0.29, 0.29, 0.59),
                usd("openai/gpt-oss-20b", 0.075, 0.075, 0.30),
                usd("openai/gpt-oss-120b", 0.15, 0.15, 0.60),
                // Together AI (serverless, same price in and out)
                usd("meta-llama/llama-3.3-70b-instruct-turbo", 0.88, 0.88, 0.88),
                usd("meta-llama/meta-llama-3.1-8b-instruct-turbo", 0.18, 0.18, 0.18),
                usd("qwen/qwen2.5-72b-instruct-turbo", 1.20, 1.20, 1.20),
                usd("qwen/qwen2.5-7b-instruct-turbo", 0.30, 0.30, 0.30));
    }

    private static Map.Entry<String, ModelPrice> usd(String model, double input, double cachedInput, double output) {
        return Map.entry(model, new ModelPrice(Math.round(input * 1e6), Math.round(cachedInput * 1e6), Math.round(output * 1e6)));
    }
}
