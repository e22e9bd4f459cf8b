package dev.mnemos.inference.chat;

import java.util.Objects;

/**
 * A call of a tool by the model.
 *
 * @param id        an id to answer it by; may be null when the model gave none
 * @param name      the tool's name
 * @param arguments the arguments as JSON text, e.g. {@code {"city": "Paris"}}
 */
public record ToolCall(String id, String name, String arguments) {

    public ToolCall {
        Objects.requireNonNull(name, "name");
        arguments = arguments == null || arguments.isBlank() ? "{}" : arguments;
    }
}
