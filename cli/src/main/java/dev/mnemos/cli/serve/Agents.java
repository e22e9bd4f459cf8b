package dev.mnemos.cli.serve;

import dev.mnemos.agents.AgentRuntime;
import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.NoSuchAgentException;
import dev.mnemos.memory.agent.AgentRecord;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** The caller's agents as the routes see them: each lookup is scoped by the caller's organisation. */
@ApplicationScoped
public class Agents {

    @Inject
    ServedMnemos served;

    @Inject
    Caller caller;

    /**
     * Produces the agent of this id in the caller's organisation.
     *
     * @throws NoSuchAgentException when it has none of that id (an agent of another organisation is
     *     reported the same way, so that a key cannot learn which ids exist elsewhere)
     */
    public AgentRecord require(AgentKey key) {
        return await(served.store().agents().get(key))
                .orElseThrow(() -> new NoSuchAgentException("no agent '" + key.agent() + "'"));
    }

    /** The key of the caller's agent of this id, once it is known to exist ({@link #require}). */
    public AgentKey owned(String id) {
        AgentKey key = caller.agent(id);
        require(key);
        return key;
    }

    public static <T> T await(Uni<T> uni) {
        return OffContext.subscribed(uni).await().atMost(AgentRuntime.TIMEOUT);
    }
}
