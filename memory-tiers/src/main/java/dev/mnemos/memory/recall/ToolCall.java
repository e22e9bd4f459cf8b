package dev.mnemos.memory.recall;

import java.util.Objects;

/**
 * A tool call the assistant asked for.
 *
 * @param id the call's id, which the tool result's message carries back
 * @param name the tool (syscall) name
 * @param arguments the arguments as the LLM wrote them: JSON text, not necessarily valid
 */
public record ToolCall(String id, String name, String arguments) {

    public ToolCall {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        arguments = arguments == null ? "" : arguments;
    }
}
