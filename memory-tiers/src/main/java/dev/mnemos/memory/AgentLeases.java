package dev.mnemos.memory;

import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.Optional;

/**
 * Per-agent leases among the nodes of one deployment, so that one node at a time runs an agent.
 * A lease lapses when its holder does not renew it in time; the next holder gets a larger fence.
 * Engines: {@code dev.mnemos.memory.redis.RedisAgentLeases}. On a single node, no lease is needed
 * and commits carry fence 0.
 */
public interface AgentLeases {

    /**
     * Produces a lease on the agent for {@code ttl}: a new one with a new fence when nobody holds
     * it, the same one (extended) when {@code node} holds it already, or empty when another node does.
     *
     * @param ttl how long the lease lasts without renewal; positive, whole milliseconds
     */
    Uni<Optional<Lease>> acquire(AgentKey agent, String node, Duration ttl);

    /** Extends the lease by {@code ttl} from now; produces false (and extends nothing) when it lapsed or another holds the agent. */
    Uni<Boolean> renew(Lease lease, Duration ttl);

    /** Gives the lease up; produces false when it had lapsed already. */
    Uni<Boolean> release(Lease lease);

    /** Produces the agent's current lease, or empty when nobody holds it. */
    Uni<Optional<Lease>> holder(AgentKey agent);
}
