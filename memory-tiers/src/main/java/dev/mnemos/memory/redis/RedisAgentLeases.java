package dev.mnemos.memory.redis;

import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.AgentLeases;
import dev.mnemos.memory.Lease;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * {@link AgentLeases} in Redis. A lease is a key {@code node|fence} with a time to live; the fence
 * comes from the agent's counter ({@code INCR}), taken in the same Lua script that sets the lease,
 * so two nodes can never hold the same fence. The counter never expires.
 */
public final class RedisAgentLeases implements AgentLeases {

    private static final LuaScript ACQUIRE = LuaScript.load("lease-acquire.lua");
    private static final LuaScript RENEW = LuaScript.load("lease-renew.lua");
    private static final LuaScript RELEASE = LuaScript.load("lease-release.lua");

    private final RedisAsyncCommands<String, String> redis;
    private final RedisKeys keys;

    RedisAgentLeases(RedisAsyncCommands<String, String> redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    @Override
    public Uni<Optional<Lease>> acquire(AgentKey agent, String node, Duration ttl) {
        checkNode(node);
        String millis = millis(ttl);
        return Uni.createFrom().<Long>completionStage(() -> redis.eval(ACQUIRE.source(), ScriptOutputType.INTEGER,
                        new String[] {keys.lease(agent), keys.fence(agent)}, node, millis))
                .map(fence -> Optional.ofNullable(fence).map(f -> new Lease(agent, node, f)));
    }

    @Override
    public Uni<Boolean> renew(Lease lease, Duration ttl) {
        String millis = millis(ttl);
        return Uni.createFrom().<Long>completionStage(() -> redis.eval(RENEW.source(), ScriptOutputType.INTEGER,
                        new String[] {keys.lease(lease.agent())}, value(lease), millis))
                .map(renewed -> renewed == 1);
    }

    @Override
    public Uni<Boolean> release(Lease lease) {
        return Uni.createFrom().<Long>completionStage(() -> redis.eval(RELEASE.source(), ScriptOutputType.INTEGER,
                        new String[] {keys.lease(lease.agent())}, value(lease)))
                .map(released -> released == 1);
    }

    @Override
    public Uni<Optional<Lease>> holder(AgentKey agent) {
        return Uni.createFrom().completionStage(() -> redis.get(keys.lease(agent))).map(value -> {
            if (value == null) {
                return Optional.empty();
            }
            int bar = value.lastIndexOf('|');
            return Optional.of(new Lease(agent, value.substring(0, bar), Long.parseLong(value.substring(bar + 1))));
        });
    }

    private static String value(Lease lease) {
        return lease.node() + "|" + lease.fence();
    }

    private static void checkNode(String node) {
        Objects.requireNonNull(node, "node");
        if (node.isEmpty() || node.length() > 200) {
            throw new IllegalArgumentException("node id must be 1-200 characters, got " + node.length());
        }
    }

    private static String millis(Duration ttl) {
        if (ttl.isNegative() || ttl.isZero() || ttl.toMillis() == 0) {
            throw new IllegalArgumentException("a lease lasts at least a millisecond, got " + ttl);
        }
        return Long.toString(ttl.toMillis());
    }
}
