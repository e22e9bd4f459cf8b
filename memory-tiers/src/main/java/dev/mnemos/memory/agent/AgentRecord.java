package dev.mnemos.memory.agent;

import dev.mnemos.memory.AgentKey;
import java.time.Instant;
import java.util.Objects;

/**
 * An agent as the store keeps it.
 *
 * @param key organisation and id
 * @param name a name for people
 * @param type the agent type (e.g. {@code chat}, {@code document}), chosen by the agents module
 * @param config the agent's configuration as JSON text (model, tools, thresholds), owned by the kernel
 * @param state what the last committed step left
 * @param version 1 when created; each update adds one (optimistic concurrency)
 * @param createdAt when created
 * @param updatedAt when last changed
 */
public record AgentRecord(AgentKey key, String name, String type, String config, AgentState state, long version, Instant createdAt, Instant updatedAt) {

    public AgentRecord {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(createdAt, "createdAt");
        name = name == null ? key.agent() : name;
        type = type == null ? "chat" : type;
        config = config == null ? "{}" : config;
        state = state == null ? AgentState.NEW : state;
        updatedAt = updatedAt == null ? createdAt : updatedAt;
    }
}
