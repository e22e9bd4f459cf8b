package dev.mnemos.memory.postgres;

import io.smallrye.mutiny.Uni;

/** Looks for pgvector at start and, when it can be had, gives passages their {@code vector} column. */
final class PgVector {

    private PgVector() {}

    /** Produces the column's presence; never fails for want of the extension (not installed, or no privilege to create it). */
    static Uni<VectorColumn> detect(Sessions sessions) {
        return sessions.withSession(session -> session.createNativeQuery(
                                "SELECT count(*) FROM pg_available_extensions WHERE name = 'vector'", Long.class)
                        .getSingleResult())
                .chain(available -> available == 0
                        ? Uni.createFrom().item(VectorColumn.ABSENT)
                        : sessions.withTransaction(session -> session.createNativeQuery("CREATE EXTENSION IF NOT EXISTS vector").executeUpdate()
                                        .chain(() -> session.createNativeQuery(
                                                "ALTER TABLE passages ADD COLUMN IF NOT EXISTS embedding_vector vector").executeUpdate()))
                                .map(done -> new VectorColumn(true))
                                .onFailure().recoverWithItem(VectorColumn.ABSENT));
    }
}
