package dev.mnemos.memory.redis;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;

/**
 * What the server nodes of one deployment share through Redis (Lettuce): agent leases with fencing
 * tokens, interrupt wake-up streams, messages between nodes, and the cache of rendered context
 * windows. One client and two connections: one for commands, one that only blocking stream reads
 * wait on (and a Pub/Sub connection per {@link RedisNodeMessages#listen}).
 *
 * <pre>{@code
 * try (RedisCoordination redis = RedisCoordination.open(uri, new RedisKeys("mnemos"), "kernel", 8)) {
 *     Optional<Lease> lease = redis.leases().acquire(agent, nodeId, Duration.ofSeconds(30)).await().indefinitely();
 * }
 * }</pre>
 */
public final class RedisCoordination implements AutoCloseable {

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> commands;
    private final StatefulRedisConnection<String, String> blockingReads;
    private final RedisAgentLeases leases;
    private final RedisInterruptStream interrupts;
    private final RedisContextCache contexts;
    private final RedisNodeMessages messages;

    private RedisCoordination(RedisClient client, StatefulRedisConnection<String, String> commands,
            StatefulRedisConnection<String, String> blockingReads, RedisKeys keys, String group, int shards) {
        this.client = client;
        this.commands = commands;
        this.blockingReads = blockingReads;
        this.leases = new RedisAgentLeases(commands.async(), keys);
        this.interrupts = new RedisInterruptStream(commands.async(), blockingReads.async(), keys, group, shards);
        this.contexts = new RedisContextCache(commands.async(), keys);
        this.messages = new RedisNodeMessages(client, commands.async(), keys);
    }

    /**
     * Connects.
     *
     * @param keys the deployment's key prefix
     * @param group the consumer group of the interrupt streams (the nodes that run agents)
     * @param shards how many interrupt streams agents are spread over
     * @throws io.lettuce.core.RedisConnectionException when Redis cannot be reached
     */
    public static RedisCoordination open(RedisURI uri, RedisKeys keys, String group, int shards) {
        RedisClient client = RedisClient.create(uri);
        try {
            return new RedisCoordination(client, client.connect(), client.connect(), keys, group, shards);
        } catch (RuntimeException e) {
            client.shutdown();
            throw e;
        }
    }

    public RedisAgentLeases leases() {
        return leases;
    }

    public RedisInterruptStream interrupts() {
        return interrupts;
    }

    public RedisContextCache contexts() {
        return contexts;
    }

    public RedisNodeMessages messages() {
        return messages;
    }

    @Override
    public void close() {
        blockingReads.close();
        commands.close();
        client.shutdown();
    }
}
