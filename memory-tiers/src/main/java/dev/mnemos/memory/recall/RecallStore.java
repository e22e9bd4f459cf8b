package dev.mnemos.memory.recall;

import dev.mnemos.memory.AgentKey;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Recall storage: every message of every agent, kept forever and searchable. All methods fail with
 * {@link dev.mnemos.memory.NoSuchAgentException} for an unknown agent.
 */
public interface RecallStore {

    /**
     * Stores messages at the end of the agent's history, in the given order, and produces them with
     * their sequence numbers. A message whose id is already stored is not stored again: the stored
     * one is produced. An empty list is a no-op. Steps write through {@link dev.mnemos.memory.StepCommit}.
     *
     * @throws dev.mnemos.memory.InvalidContentException for content over the engine's size limit
     */
    Uni<List<Message>> append(AgentKey agent, List<Message> messages);

    /** Produces the messages of a page that match the query. */
    Uni<RecallPage> search(AgentKey agent, RecallQuery query);

    /** Produces the messages with these ids, in the order of the ids, skipping unknown ones. */
    Uni<List<Message>> byIds(AgentKey agent, List<String> ids);

    /** Produces how many messages the agent has. */
    Uni<Long> count(AgentKey agent);

    /** Produces when the agent's newest message was written, or empty when it has none. */
    Uni<Optional<Instant>> lastWrite(AgentKey agent);
}
