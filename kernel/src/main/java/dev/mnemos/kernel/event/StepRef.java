package dev.mnemos.kernel.event;

import dev.mnemos.memory.AgentKey;
import java.util.Objects;

/**
 * Which step an event belongs to.
 *
 * @param agent the agent
 * @param stepId the step, unique per agent
 * @param origin the id of the interrupt that started the chain of steps (a user message, a timer...)
 * @param depth the step's place in its chain, 1 for the step that consumed {@code origin}
 */
public record StepRef(AgentKey agent, String stepId, String origin, int depth) {

    public StepRef {
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(stepId, "stepId");
        Objects.requireNonNull(origin, "origin");
    }
}
