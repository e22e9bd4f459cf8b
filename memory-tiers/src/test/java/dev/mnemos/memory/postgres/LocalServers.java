package dev.mnemos.memory.postgres;

import io.lettuce.core.RedisURI;
import java.util.Map;
import java.util.UUID;

/**
 * The PostgreSQL and Redis the tests run against: {@code MNEMOS_PG_HOST}, {@code MNEMOS_PG_PORT},
 * {@code MNEMOS_REDIS_HOST}, {@code MNEMOS_REDIS_PORT}, by default 127.0.0.1 on 5432 and 6379, as
 * {@code scripts/services} starts them (role, database and password {@code mnemos}).
 */
public final class LocalServers {

    private static final Map<String, String> ENV = System.getenv();

    private LocalServers() {}

    /** The local PostgreSQL, in a schema of its own (named after the run) so that runs never see each other's rows. */
    public static PostgresSettings postgres() {
        return postgres("mnemos_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
    }

    /** The local PostgreSQL, in the given schema. */
    public static PostgresSettings postgres(String schema) {
        return new PostgresSettings(env("MNEMOS_PG_HOST", "127.0.0.1"), Integer.parseInt(env("MNEMOS_PG_PORT", "5432")),
                "mnemos", "mnemos", "mnemos", schema, 2);
    }

    public static RedisURI redis() {
        return RedisURI.create(env("MNEMOS_REDIS_HOST", "127.0.0.1"), Integer.parseInt(env("MNEMOS_REDIS_PORT", "6379")));
    }

    private static String env(String name, String fallback) {
        String value = ENV.get(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
