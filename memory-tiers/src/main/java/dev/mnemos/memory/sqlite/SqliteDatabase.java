package dev.mnemos.memory.sqlite;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.sqlite.JDBC;

/**
 * An embedded SQLite database file, opened in WAL mode with synchronous=FULL so that a
 * committed transaction survives a crash of the process or of the machine.
 */
public final class SqliteDatabase implements AutoCloseable {

    private final Path file;
    private final Connection connection;

    private SqliteDatabase(Path file, Connection connection) {
        this.file = file;
        this.connection = connection;
    }

    /**
     * Opens the database at {@code file}, creating it and its parent directories when missing.
     *
     * @throws IOException when the directory cannot be created or the file is not a database
     */
    public static SqliteDatabase open(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try {
            Connection connection = connect(file, false);
            try (Statement statement = connection.createStatement()) {
                // Reading the schema fails on a file that is not a database, here rather than later.
                statement.execute("SELECT count(*) FROM sqlite_master");
            } catch (SQLException e) {
                connection.close();
                throw e;
            }
            return new SqliteDatabase(file, connection);
        } catch (SQLException e) {
            throw new IOException("cannot open SQLite database " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Opens one more connection to the same file (WAL lets readers run beside the one writer).
     *
     * @param readOnly when true, the connection refuses writes ({@code query_only})
     */
    static Connection connect(Path file, boolean readOnly) throws SQLException {
        // the driver itself, not DriverManager, which hides drivers of another class loader (Quarkus' test applications)
        Connection connection = JDBC.createConnection("jdbc:sqlite:" + file.toAbsolutePath(), new Properties());
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA journal_mode=WAL");
            statement.execute("PRAGMA synchronous=FULL");
            statement.execute("PRAGMA foreign_keys=ON");
            statement.execute("PRAGMA busy_timeout=5000");
            // 32 MiB of page cache per connection instead of SQLite's 2 MiB: a search over a frequent word
            // visits thousands of rows, each a page read from the file when not cached.
            statement.execute("PRAGMA cache_size=-32768");
            statement.execute("PRAGMA temp_store=MEMORY");
            if (readOnly) {
                statement.execute("PRAGMA query_only=1");
            }
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    public Path file() {
        return file;
    }

    public Connection connection() {
        return connection;
    }

    /** The journal mode SQLite reports, {@code wal} once open. */
    public String journalMode() throws SQLException {
        return queryString("PRAGMA journal_mode");
    }

    /** The SQLite library version, e.g. {@code 3.51.1}. */
    public String sqliteVersion() throws SQLException {
        return queryString("SELECT sqlite_version()");
    }

    private String queryString(String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); var rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getString(1);
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
