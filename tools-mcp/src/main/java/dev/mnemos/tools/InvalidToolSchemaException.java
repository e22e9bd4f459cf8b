package dev.mnemos.tools;

import java.util.List;

/** A tool was refused at registration because its input schema is not a well-formed JSON Schema object. */
public final class InvalidToolSchemaException extends IllegalArgumentException {

    private final String toolName;
    private final List<String> problems;

    /**
     * @param toolName the refused tool
     * @param problems what is wrong, one line each (see {@link ToolSchemaRules#problemsOf})
     */
    public InvalidToolSchemaException(String toolName, List<String> problems) {
        super("tool '" + toolName + "' refused: its input schema is invalid:\n  - " + String.join("\n  - ", problems));
        this.toolName = toolName;
        this.problems = List.copyOf(problems);
    }

    public String toolName() {
        return toolName;
    }

    public List<String> problems() {
        return problems;
    }
}
