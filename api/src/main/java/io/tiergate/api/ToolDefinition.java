package io.tiergate.api;

/** A function tool offered to the model; {@code parametersJson} is its JSON Schema as text ("{}" when none). */
public record ToolDefinition(String name, String description, String parametersJson) {}
