package dev.mnemos.memory.redis;

import dev.mnemos.memory.postgres.LocalServers;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.UUID;

/** A {@link RedisCoordination} on the local Redis under a key prefix of its own, whose keys it deletes when closed. */
final class RedisFixture implements AutoCloseable {

    final RedisKeys keys = new RedisKeys("mnemos-test-" + UUID.randomUUID());
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

    @Override
    public void close() {
        redis.close();
        RedisClient client = RedisClient.create(LocalServers.redis());
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                KeyScanCursor<String> page = connection.sync().scan(cursor, ScanArgs.Builder.matches(keys.prefix() + ":*").limit(500));
                if (!page.getKeys().isEmpty()) {
                    connection.sync().del(page.getKeys().toArray(String[]::new));
                }
                cursor = page;
            } while (!cursor.isFinished());
        } finally {
            client.shutdown();
        }
    }
}
