package dev.mnemos.memory;

import java.util.Objects;

/**
 * The right of one node to run one agent's steps, until it lapses.
 *
 * @param agent the agent
 * @param node the node holding it
 * @param fence the fencing token: larger than the token of every earlier lease of this agent; the
 *     node's {@link StepCommit}s carry it, so a store refuses the commits of a node whose lease lapsed
 *     ({@link StaleFenceException}) once a later holder has committed
 */
public record Lease(AgentKey agent, String node, long fence) {

    public Lease {
        Objects.requireNonNull(agent, "agent");
        Objects.requireNonNull(node, "node");
        if (fence < 1) {
            throw new IllegalArgumentException("a lease's fence is positive, got " + fence);
        }
    }
}
