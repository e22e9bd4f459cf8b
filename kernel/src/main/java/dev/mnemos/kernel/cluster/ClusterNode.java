package dev.mnemos.kernel.cluster;

import dev.mnemos.memory.AgentLeases;
import java.time.Duration;
import java.util.Objects;

/**
 * A kernel as one node of several on one shared store: before a step it takes the agent's lease
 * and commits under the lease's fence, so that the store refuses a node whose lease lapsed; an
 * agent whose lease another node holds is run there.
 *
 * @param id this node's id, unique in the deployment
 * @param leases the deployment's agent leases
 * @param peers the other nodes
 * @param leaseTtl how long a lease lasts without renewal: how long a dead node's agents wait for another node
 */
public record ClusterNode(String id, AgentLeases leases, Peers peers, Duration leaseTtl) {

    public ClusterNode {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(leases, "leases");
        Objects.requireNonNull(peers, "peers");
        if (leaseTtl == null || leaseTtl.toMillis() < 100) {
            throw new IllegalArgumentException("a lease lasts at least 100 ms, got " + leaseTtl);
        }
    }
}
