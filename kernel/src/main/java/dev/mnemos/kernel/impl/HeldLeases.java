package dev.mnemos.kernel.impl;

import dev.mnemos.kernel.cluster.ClusterNode;
import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.Lease;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The agent leases this node holds. A lease is taken (or extended) before each step and renewed
 * while steps run; an agent keeps its node until its lease lapses, so its steps stay on one node
 * while it is busy.
 */
final class HeldLeases {

    private static final Logger LOG = Logger.getLogger(HeldLeases.class.getName());

    private record Held(Lease lease, Instant until) {}

    private final ClusterNode node;
    private final InstantSource clock;
    private final Consumer<AgentKey> moved;
    private final Map<AgentKey, Held> held = new ConcurrentHashMap<>();

    /** @param moved told of an agent whose new lease follows another node's (what this node cached of it is stale) */
    HeldLeases(ClusterNode node, InstantSource clock, Consumer<AgentKey> moved) {
        this.node = node;
        this.clock = clock;
        this.moved = moved;
    }

    /** Takes or extends the agent's lease; empty when another node holds it. */
    Uni<Optional<Lease>> take(AgentKey agent) {
        Instant asked = clock.instant();
        return node.leases().acquire(agent, node.id(), node.leaseTtl()).invoke(lease -> {
            if (lease.isEmpty()) {
                held.remove(agent);
                return;
            }
            Held before = held.put(agent, new Held(lease.get(), asked.plus(node.leaseTtl())));
            if (before == null || before.lease().fence() != lease.get().fence()) {
                moved.accept(agent);
            }
        });
    }

    /** True while this node holds the agent's lease, as far as it knows. */
    boolean holds(AgentKey agent) {
        Held h = held.get(agent);
        return h != null && h.until().isAfter(clock.instant());
    }

    /** The node that holds the agent's lease, if any. */
    Uni<Optional<String>> holder(AgentKey agent) {
        return node.leases().holder(agent).map(lease -> lease.map(Lease::node));
    }

    /** Extends the leases of agents whose steps are under way; a lease found lapsed is forgotten (the store fences that step's commit). */
    void renew(Collection<AgentKey> stepping) {
        for (AgentKey agent : stepping) {
            Held h = held.get(agent);
            if (h == null) {
                continue;
            }
            Instant asked = clock.instant();
            node.leases().renew(h.lease(), node.leaseTtl()).subscribe().with(renewed -> {
                if (renewed) {
                    held.replace(agent, h, new Held(h.lease(), asked.plus(node.leaseTtl())));
                } else {
                    held.remove(agent, h);
                    LOG.warning("lost the lease of " + agent + " during a step; another node may run it now");
                }
            }, e -> LOG.log(Level.WARNING, "cannot renew the lease of " + agent, e));
        }
    }

    /** Gives every lease up, so that other nodes take the agents at once rather than after the leases lapse. */
    void releaseAll(Duration timeout) {
        for (Held h : held.values()) {
            try {
                node.leases().release(h.lease()).await().atMost(timeout);
            } catch (RuntimeException e) {
                LOG.log(Level.FINE, "cannot release the lease of " + h.lease().agent(), e);
            }
        }
        held.clear();
    }
}
