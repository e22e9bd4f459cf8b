package dev.mnemos.memory.archival;

import dev.mnemos.memory.AgentKey;
import java.util.Objects;

/** A passage with the agent it belongs to, as a scan over every agent of a store produces it. */
public record OwnedPassage(AgentKey agent, Passage passage) {

    public OwnedPassage {
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(passage, "passage");
    }
}
