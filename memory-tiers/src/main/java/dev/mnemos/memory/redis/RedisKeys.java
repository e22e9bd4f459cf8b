package dev.mnemos.memory.redis;

import dev.mnemos.memory.AgentKey;
import java.util.Objects;

/**
 * The names of mnemos' Redis keys, under one prefix per deployment (one per test run). An agent's
 * keys carry its organisation and id, which {@link AgentKey} limits to characters that need no
 * escaping; the braces make a Redis Cluster keep one agent's keys in one slot.
 *
 * @param prefix e.g. {@code mnemos}
 */
public record RedisKeys(String prefix) {

    public RedisKeys {
        Objects.requireNonNull(prefix, "prefix");
        if (!prefix.matches("[A-Za-z0-9._:-]{1,64}")) {
            throw new IllegalArgumentException("prefix must be 1-64 letters, digits, '.', '_', ':' or '-', got '" + prefix + "'");
        }
    }

    String lease(AgentKey agent) {
        return prefix + ":lease:{" + agent + "}";
    }

    String fence(AgentKey agent) {
        return prefix + ":fence:{" + agent + "}";
    }

    String context(AgentKey agent) {
        return prefix + ":context:{" + agent + "}";
    }

    String wakeups(String node) {
        return prefix + ":wakeups:" + node;
    }

    String broadcasts() {
        return prefix + ":broadcasts";
    }

    String interrupts(int shard) {
        return prefix + ":interrupts:" + shard;
    }
}
