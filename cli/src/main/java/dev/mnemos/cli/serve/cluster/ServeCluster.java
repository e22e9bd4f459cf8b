package dev.mnemos.cli.serve.cluster;

import dev.mnemos.cli.serve.StorageChoice;
import dev.mnemos.kernel.KernelBuilder;
import dev.mnemos.kernel.cluster.ClusterNode;
import dev.mnemos.kernel.cluster.RedisPeers;
import dev.mnemos.memory.redis.RedisCoordination;
import dev.mnemos.memory.redis.RedisKeys;
import io.lettuce.core.RedisURI;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Whether this {@code mnemos serve} is one node of several: with {@code MNEMOS_REDIS_URL} set (and
 * PostgreSQL as the shared store), its kernel takes agent leases in Redis, so that any number of
 * nodes on one PostgreSQL and one Redis serve as one service. {@code MNEMOS_REDIS_PREFIX} names the
 * deployment's keys (default {@code mnemos}); {@code MNEMOS_NODE} this node (default host, pid and a
 * random suffix); {@code MNEMOS_LEASE_TTL} how long a dead node's agents wait for another (default 10s).
 */
@ApplicationScoped
public class ServeCluster {

    /** Also read from the environment as {@code MNEMOS_REDIS_URL}, and so on (MicroProfile Config's mapping). */
    @ConfigProperty(name = "mnemos.redis-url")
    Optional<String> redisUrl;

    @ConfigProperty(name = "mnemos.redis-prefix", defaultValue = "mnemos")
    String prefix;

    @ConfigProperty(name = "mnemos.node")
    Optional<String> node;

    @ConfigProperty(name = "mnemos.lease-ttl", defaultValue = "10s")
    Duration leaseTtl;

    private String id;
    private RedisCoordination redis;

    /** True when a Redis is configured: this node shares its agents with others. */
    public boolean enabled() {
        return redisUrl.filter(url -> !url.isBlank()).isPresent();
    }

    /** This node's id. */
    public synchronized String id() {
        if (id == null) {
            id = node.filter(n -> !n.isBlank()).orElseGet(() -> host() + "-" + ProcessHandle.current().pid() + "-"
                    + UUID.randomUUID().toString().substring(0, 8));
        }
        return id;
    }

    /**
     * Makes the kernel a node of the deployment; unchanged when no Redis is configured.
     *
     * @throws IllegalStateException when Redis is configured over the embedded store, which other nodes cannot share
     */
    public synchronized KernelBuilder join(KernelBuilder builder, StorageChoice storage) {
        if (!enabled()) {
            return builder;
        }
        if (!(storage instanceof StorageChoice.Postgres)) {
            throw new IllegalStateException("MNEMOS_REDIS_URL makes this node one of several, which share their agents through PostgreSQL:"
                    + " set MNEMOS_PG_URL too (or unset MNEMOS_REDIS_URL for a single node on the embedded store)");
        }
        if (redis == null) {
            redis = RedisCoordination.open(RedisURI.create(redisUrl.get()), new RedisKeys(prefix), "kernel", 8);
        }
        return builder.cluster(new ClusterNode(id(), redis.leases(), new RedisPeers(redis.messages(), id()), leaseTtl));
    }

    /** One line for the start-up message. */
    public String describe() {
        return enabled() ? "node " + id() + " of a deployment on Redis " + RedisURI.create(redisUrl.get()).getHost() + ":"
                + RedisURI.create(redisUrl.get()).getPort() + " (keys " + prefix + ":*, leases of " + leaseTtl.toMillis() + " ms)"
                : "single node";
    }

    /** Closes the Redis connections; after the kernel, which gives its leases up through them. */
    public synchronized void close() {
        if (redis != null) {
            redis.close();
            redis = null;
        }
    }

    private static String host() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9._-]", "");
        } catch (java.net.UnknownHostException e) {
            return "node";
        }
    }
}
