package dev.mnemos.memory.postgres;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import java.util.concurrent.TimeUnit;

/** Reaches a test run's schema beside the engine, through a connection of its own: to damage rows on purpose, and to drop the schema. */
public final class TestSchema {

    private TestSchema() {}

    /** Drops the schema with everything in it. */
    public static void drop(PostgresSettings settings) {
        run(settings, "DROP SCHEMA IF EXISTS " + settings.schema() + " CASCADE");
    }

    /** Runs one statement in the schema (simple query protocol, no parameters). */
    public static void run(PostgresSettings settings, String sql) {
        Vertx vertx = Vertx.vertx();
        try {
            PgConnectOptions options = new PgConnectOptions()
                    .setHost(settings.host())
                    .setPort(settings.port())
                    .setDatabase(settings.database())
                    .setUser(settings.user())
                    .setPassword(settings.password())
                    .addProperty("search_path", settings.schema());
            PgConnection.connect(vertx, options)
                    .compose(connection -> connection.query(sql).execute().<Void>mapEmpty().eventually(() -> connection.close()))
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot run '" + sql + "' in schema " + settings.schema(), e);
        } finally {
            vertx.close();
        }
    }
}
