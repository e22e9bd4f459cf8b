package dev.mnemos.inference.chat;

import java.util.Objects;

/**
 * A tool the model may call, rendered into the prompt the way the chat template expects (OpenAI's
 * {@code {"type": "function", "function": {...}}} form, which Llama 3.1 and Qwen templates read).
 *
 * @param name       the tool's name
 * @param description what it does, for the model
 * @param parameters the JSON schema of its arguments, as JSON text
 */
public record ToolDefinition(String name, String description, String parameters) {

    public ToolDefinition {
        Objects.requireNonNull(name, "name");
        description = description == null ? "" : description;
        parameters = parameters == null || parameters.isBlank() ? "{\"type\": \"object\", \"properties\": {}}" : parameters;
    }
}
