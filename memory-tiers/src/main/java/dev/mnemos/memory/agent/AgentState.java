package dev.mnemos.memory.agent;

import java.util.List;

/**
 * What the kernel keeps of an agent between steps, besides its blocks and messages.
 *
 * @param status the process state as the kernel names it (e.g. {@code sleeping}, {@code runnable});
 *     the store keeps it as text
 * @param summary the recursive summary of the messages evicted from the main context
 * @param contextMessageIds the FIFO message queue of the main context, oldest first, as message ids
 */
public record AgentState(String status, String summary, List<String> contextMessageIds) {

    public static final AgentState NEW = new AgentState("sleeping", "", List.of());

    public AgentState {
        status = status == null ? "sleeping" : status;
        summary = summary == null ? "" : summary;
        contextMessageIds = contextMessageIds == null ? List.of() : List.copyOf(contextMessageIds);
    }
}
