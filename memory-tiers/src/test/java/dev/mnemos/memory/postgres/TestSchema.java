package dev.mnemos.memory.postgres;

import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import java.util.concurrent.TimeUnit;

/** Drops a test run's schema with everything in it, through a connection of its own. */
public final class TestSchema {

    private TestSchema() {}

    public static void drop(PostgresSettings settings) {
        Vertx vertx = Vertx.vertx();
        try {
            PgConnectOptions options = new PgConnectOptions()
                    .setHost(settings.host())
                    .setPort(settings.port())
                    .setDatabase(settings.database())
                    .setUser(settings.user())
                    .setPassword(settings.password());
            PgConnection.connect(vertx, options)
                    .compose(connection -> connection.query("DROP SCHEMA IF EXISTS " + settings.schema() + " CASCADE").execute()
                            .eventually(() -> connection.close()))
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot drop test schema " + settings.schema(), e);
        } finally {
            vertx.close();
        }
    }
}
