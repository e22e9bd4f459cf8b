package dev.mnemos.memory.postgres;

import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.archival.VectorIndex;
import java.util.List;

/**
 * What one committed transaction did to an agent's passages, for the in-process index to follow.
 *
 * @param agent the agent
 * @param fromVersion the agent's archival version the transaction started from
 * @param toVersion the version it committed
 * @param added the rows inserted
 * @param removed the row ids deleted
 */
record ArchivalChange(AgentKey agent, long fromVersion, long toVersion, List<VectorIndex.Row> added, List<Long> removed) {

    static ArchivalChange none(AgentRow agent) {
        return new ArchivalChange(agent.key(), agent.archivalVersion, agent.archivalVersion, List.of(), List.of());
    }

    boolean isEmpty() {
        return fromVersion == toVersion;
    }
}
