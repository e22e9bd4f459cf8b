package dev.mnemos.memory.postgres;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.List;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Creates and migrates the engine's schema at start: the numbered scripts of {@code migrations/}
 * (listed in {@code migrations/index}) that {@code schema_version} does not record yet, each in
 * its own transaction, under an advisory lock so that nodes starting together migrate once.
 */
final class Migrations {

    private final Sessions sessions;
    private final String schema;

    Migrations(Sessions sessions, String schema) {
        this.sessions = sessions;
        this.schema = schema;
    }

    /** Produces the schema version after migrating. */
    Uni<Integer> run() {
        List<String> scripts = index();
        // under the lock too: PostgreSQL's IF NOT EXISTS is no guard against a concurrent CREATE (a duplicate key in pg_namespace)
        return sessions.withTransaction(session -> lock(session)
                        .chain(() -> session.createNativeQuery("CREATE SCHEMA IF NOT EXISTS " + schema).executeUpdate())
                        .chain(() -> session.createNativeQuery("""
                                CREATE TABLE IF NOT EXISTS schema_version (
                                    version    integer PRIMARY KEY,
                                    script     text    NOT NULL,
                                    applied_ns bigint  NOT NULL)""").executeUpdate()))
                .chain(() -> Multi.createFrom().iterable(scripts)
                        .onItem().transformToUniAndConcatenate(this::apply)
                        .collect().last())
                .chain(() -> current());
    }

    private Uni<Integer> current() {
        return sessions.withSession(session -> session.createNativeQuery("SELECT coalesce(max(version), 0) FROM schema_version", Integer.class)
                .getSingleResult());
    }

    private Uni<Boolean> apply(String script) {
        int version = Integer.parseInt(script.substring(1, script.indexOf("__")));
        return sessions.withTransaction(session -> lock(session)
                .chain(() -> session.createNativeQuery("SELECT count(*) FROM schema_version WHERE version = :version", Long.class)
                        .setParameter("version", version)
                        .getSingleResult())
                .chain(applied -> {
                    if (applied > 0) {
                        return Uni.createFrom().item(false);
                    }
                    return Multi.createFrom().iterable(SqlResource.load("migrations/" + script).statements())
                            .onItem().transformToUniAndConcatenate(sql -> session.createNativeQuery(sql).executeUpdate())
                            .collect().last()
                            .chain(() -> session.createNativeQuery("INSERT INTO schema_version (version, script, applied_ns) VALUES (:version, :script, :at)")
                                    .setParameter("version", version)
                                    .setParameter("script", script)
                                    .setParameter("at", EpochNanos.of(Instant.now()))
                                    .executeUpdate())
                            .replaceWith(true);
                }));
    }

    /** Takes the schema's migration lock until the transaction ends, so that nodes starting together migrate one at a time. */
    private Uni<Object> lock(Mutiny.Session session) {
        return session.createNativeQuery("SELECT pg_advisory_xact_lock(hashtext(:schema))").setParameter("schema", schema).getSingleResult();
    }

    private static List<String> index() {
        return SqlResource.load("migrations/index").text().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }
}
