package io.tiergate.api;

/** A function call the assistant asked for; {@code argumentsJson} is the JSON text the model wrote. */
public record ToolCall(String id, String name, String argumentsJson) {}
