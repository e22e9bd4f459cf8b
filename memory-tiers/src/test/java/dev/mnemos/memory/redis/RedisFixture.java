package dev.mnemos.memory.redis;

import dev.mnemos.memory.postgres.LocalServers;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@link RedisCoordination} on the local Redis under a key prefix of its own, whose keys it
 * deletes after each test: {@code @RegisterExtension final RedisFixture fixture = new RedisFixture();}
 */
final class RedisFixture implements AfterEachCallback, AutoCloseable {

    private static final Duration AWAIT = Duration.ofSeconds(10);

    final RedisKeys keys = TestPrefix.fresh("mnemos-test");
    final RedisCoordination redis = RedisCoordination.open(LocalServers.redis(), keys, "kernel", 4);

    /** Deletes a key behind the engine's back; produces whether it existed. */
    boolean delete(String key) {
        RedisClient client = RedisClient.create(LocalServers.redis());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            return connection.sync().del(key) == 1;
        } finally {
            client.shutdown();
        }
    }

    /** Produces the item of {@code uni}, failing after ten seconds. */
    static <T> T await(Uni<T> uni) {
        return uni.await().atMost(AWAIT);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        close();
    }

    @Override
    public void close() {
        redis.close();
        TestPrefix.delete(LocalServers.redis(), keys);
    }
}
