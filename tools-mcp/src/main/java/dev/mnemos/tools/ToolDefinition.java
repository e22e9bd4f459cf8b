package dev.mnemos.tools;

import static java.util.Objects.requireNonNull;

import dev.langchain4j.agent.tool.ToolSpecification;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * A tool as the registry holds it: a name the LLM calls, a description, the schema of its arguments, how long a call
 * may take, and what runs it.
 *
 * @param name 1 to 64 of {@code [a-zA-Z0-9_-]} (what every LLM provider accepts in a function name)
 * @param description what the tool does, for the LLM; may be empty, never {@code null}
 * @param schema the arguments' JSON Schema; checked when the tool is registered
 * @param timeout how long one call may run; positive
 * @param handler what runs a call
 */
public record ToolDefinition(String name, String description, ToolSchema schema, Duration timeout, ToolHandler handler) {

    /** The timeout of a tool that sets none. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");

    public ToolDefinition {
        requireNonNull(name, "name");
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "tool name '" + name + "' must be 1 to 64 letters, digits, '_' or '-'");
        }
        description = description == null ? "" : description;
        requireNonNull(schema, "schema");
        requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("tool '" + name + "': timeout must be positive, was " + timeout);
        }
        requireNonNull(handler, "handler");
    }

    /** The same tool with another timeout. */
    public ToolDefinition withTimeout(Duration timeout) {
        return new ToolDefinition(name, description, schema, timeout, handler);
    }

    /** The tool as LangChain4j hands it to a {@code ChatModel}. */
    public ToolSpecification specification() {
        return ToolSpecification.builder()
                .name(name)
                .description(description)
                .parameters(schema.toParameters())
                .build();
    }
}
