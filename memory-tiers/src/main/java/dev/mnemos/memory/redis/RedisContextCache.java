package dev.mnemos.memory.redis;

import dev.mnemos.memory.AgentKey;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.Optional;

/**
 * A cache of each agent's rendered context window, shared by the nodes: explicitly a cache, so
 * losing it costs a render and nothing else. An entry carries the agent version it was rendered
 * from; a read names the version it needs and never gets another, and a write never replaces a
 * newer version.
 */
public final class RedisContextCache {

    private static final LuaScript PUT = LuaScript.load("context-put.lua");

    private final RedisAsyncCommands<String, String> redis;
    private final RedisKeys keys;

    RedisContextCache(RedisAsyncCommands<String, String> redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    /** Caches the window rendered from {@code version} for {@code ttl}; produces false when a newer version is cached. */
    public Uni<Boolean> put(AgentKey agent, long version, String rendered, Duration ttl) {
        if (version < 0 || ttl.toMillis() < 1) {
            throw new IllegalArgumentException("version must be >= 0 and ttl at least 1 ms, got " + version + " and " + ttl);
        }
        return Uni.createFrom().<Long>completionStage(() -> redis.eval(PUT.source(), ScriptOutputType.INTEGER,
                        new String[] {keys.context(agent)}, Long.toString(version), rendered, Long.toString(ttl.toMillis())))
                .map(stored -> stored == 1);
    }

    /** Produces the window rendered from exactly {@code version}, or empty when none is cached (or another version is). */
    public Uni<Optional<String>> get(AgentKey agent, long version) {
        String prefix = version + ":";
        return Uni.createFrom().completionStage(() -> redis.get(keys.context(agent)))
                .map(value -> value != null && value.startsWith(prefix) ? Optional.of(value.substring(prefix.length())) : Optional.empty());
    }

    /** Drops the agent's entry (after a change that did not go through a new version). */
    public Uni<Void> evict(AgentKey agent) {
        return Uni.createFrom().completionStage(() -> redis.del(keys.context(agent))).replaceWithVoid();
    }
}
