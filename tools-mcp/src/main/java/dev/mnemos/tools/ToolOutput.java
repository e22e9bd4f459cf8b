package dev.mnemos.tools;

import java.util.List;

/**
 * What a tool handed back, before {@link ToolOutputFence} makes it safe for the LLM.
 *
 * @param parts the content, in order; never {@code null}
 * @param error whether the tool reports a failure (the LLM reads it all the same, to react)
 */
public record ToolOutput(List<ToolContent> parts, boolean error) {

    public ToolOutput {
        parts = List.copyOf(parts);
    }

    /** A successful output of one text. */
    public static ToolOutput text(String text) {
        return new ToolOutput(List.of(new ToolContent.Text(text)), false);
    }

    /** A failure, explained in one text. */
    public static ToolOutput failure(String message) {
        return new ToolOutput(List.of(new ToolContent.Text(message)), true);
    }
}
