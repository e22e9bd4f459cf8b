package dev.mnemos.tools;

import io.smallrye.mutiny.Uni;
import java.util.Map;

/** Runs a tool. The registry has checked the arguments against the tool's schema and applies its timeout. */
@FunctionalInterface
public interface ToolHandler {

    /**
     * Produces a {@code Uni} that runs the tool with these arguments. A failure of the {@code Uni} becomes an error
     * result for the agent; so does a cancellation when the timeout passes.
     *
     * @param arguments the arguments, valid under the tool's schema
     */
    Uni<ToolOutput> call(Map<String, Object> arguments);
}
