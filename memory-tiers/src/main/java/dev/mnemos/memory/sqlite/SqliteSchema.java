package dev.mnemos.memory.sqlite;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Creates and migrates the embedded engine's schema. Migrations are numbered SQL scripts in
 * {@code migrations/} beside this class; {@code schema_version} records the last one applied, and
 * each script runs in the transaction that records it, so a crash never leaves half a migration.
 */
final class SqliteSchema {

    /** The scripts in order; the n-th brings the schema to version n. Never edit a published one: add the next. */
    static final List<String> MIGRATIONS =
            List.of("001-schema.sql", "002-summary-trees-and-structured-memories.sql", "003-message-row-ids-by-agent.sql",
                    "004-tool-servers.sql");

    private SqliteSchema() {}

    /**
     * Applies the migrations this database lacks and produces the schema version reached.
     *
     * @throws SQLException when a script fails (nothing of it stays) or the database is newer than this code
     */
    static int migrate(Connection connection) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)");
            int version;
            try (var rows = statement.executeQuery("SELECT max(version) FROM schema_version")) {
                version = rows.next() ? rows.getInt(1) : 0;
            }
            connection.commit();
            if (version > MIGRATIONS.size()) {
                throw new SQLException("the database is at schema version " + version
                        + ", newer than this mnemos knows (" + MIGRATIONS.size() + "): upgrade mnemos");
            }
            for (int next = version + 1; next <= MIGRATIONS.size(); next++) {
                for (String sql : statements(script(MIGRATIONS.get(next - 1)))) {
                    statement.execute(sql);
                }
                statement.execute("INSERT INTO schema_version (version) VALUES (" + next + ")");
                connection.commit();
            }
            return MIGRATIONS.size();
        } catch (SQLException | RuntimeException e) {
            connection.rollback();
            throw e;
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    /** Splits a script at lines ending in ';' followed by a blank line (trigger bodies hold ';' too). */
    static List<String> statements(String script) {
        return java.util.Arrays.stream(script.split(";[ \\t]*\\R[ \\t]*(\\R|$)"))
                .map(s -> s.lines().filter(line -> !line.strip().startsWith("--")).reduce("", (a, b) -> a + b + "\n").strip())
                .filter(s -> !s.isEmpty())
                .toList();
    }

    static String script(String name) {
        try (InputStream in = SqliteSchema.class.getResourceAsStream("migrations/" + name)) {
            if (in == null) {
                throw new IllegalStateException("migration script missing from the class path: " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
