package dev.mnemos.memory.redis;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.UUID;

/** A Redis key prefix of one test run, whose keys the run deletes afterwards (never anyone else's). */
public final class TestPrefix {

    private TestPrefix() {}

    /** A fresh prefix under {@code name}. */
    public static RedisKeys fresh(String name) {
        return new RedisKeys(name + "-" + UUID.randomUUID());
    }

    /** Deletes every key under the prefix. */
    public static void delete(RedisURI uri, RedisKeys keys) {
        RedisClient client = RedisClient.create(uri);
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
