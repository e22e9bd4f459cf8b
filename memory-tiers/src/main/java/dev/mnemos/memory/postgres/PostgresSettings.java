package dev.mnemos.memory.postgres;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where the PostgreSQL engine connects, and which schema holds its tables.
 *
 * @param host the server's host name or address
 * @param port the server's port, usually 5432
 * @param database the database name
 * @param user the role to log in as
 * @param password the role's password (scram-sha-256 or md5 login)
 * @param schema the schema that holds mnemos' tables; created at start when missing
 * @param poolSize the most connections the engine holds open, 1..64
 */
public record PostgresSettings(String host, int port, String database, String user, String password, String schema, int poolSize) {

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    public PostgresSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(database, "database");
        Objects.requireNonNull(user, "user");
        password = password == null ? "" : password;
        schema = schema == null ? "mnemos" : schema;
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, got " + port);
        }
        // The schema is spliced into DDL and the connection's search_path, so it must be a plain identifier.
        if (!IDENTIFIER.matcher(schema).matches()) {
            throw new IllegalArgumentException("schema must be a lower-case SQL identifier, got '" + schema + "'");
        }
        if (poolSize < 1 || poolSize > 64) {
            throw new IllegalArgumentException("poolSize must be 1..64, got " + poolSize);
        }
    }

    /** The same server and role, with another schema (one per test run, one per deployment). */
    public PostgresSettings withSchema(String newSchema) {
        return new PostgresSettings(host, port, database, user, password, newSchema, poolSize);
    }

    /** The URL Hibernate Reactive's Vert.x pool reads. */
    String url() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /** The engine's schema first, then {@code public}, where an administrator usually installs pgvector. */
    String searchPath() {
        return schema + ",public";
    }
}
