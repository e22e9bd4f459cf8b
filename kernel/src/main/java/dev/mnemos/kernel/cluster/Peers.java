package dev.mnemos.kernel.cluster;

import dev.mnemos.kernel.event.StepEvent;
import dev.mnemos.memory.AgentKey;
import java.util.function.Consumer;

/**
 * The other nodes of a deployment, as one node's kernel talks to them: it asks the holder of an
 * agent's lease to run the agent (a message delivered here is in the shared store already), and it
 * hands every event of the steps it runs to the others, so that a listener on any node hears an
 * agent's steps wherever the agent runs. Best effort: a node that misses a wake-up finds the
 * interrupt in its next sweep. Engines: {@link RedisPeers}.
 */
public interface Peers {

    /** Asks {@code node} to run the agent. */
    void wake(String node, AgentKey agent);

    /** Hands an event of a step this node runs to the other nodes. */
    void publish(StepEvent event);

    /**
     * Starts taking what the other nodes send this node: wake-ups of agents it holds, and the
     * events of their steps; both flow when this returns.
     *
     * @return what stops it
     */
    AutoCloseable listen(Consumer<AgentKey> wakeups, Consumer<StepEvent> events);
}
