package dev.mnemos.memory.sqlite;

import dev.mnemos.memory.MemoryException;
import dev.mnemos.memory.Workers;
import io.smallrye.mutiny.Uni;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Runs blocking JDBC work off the caller's thread: every write on one dedicated writer thread
 * (SQLite has one writer; a queue is cheaper than lock contention), reads on a small pool whose
 * threads each own a read-only connection. Results are emitted on Mutiny's worker pool, so that
 * no caller code ever runs on (and blocks) the writer thread.
 */
final class SqliteExecutor implements AutoCloseable {

    /** JDBC work on one connection. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final Path file;
    private final Connection writer;
    private final ExecutorService writeThread;
    private final ExecutorService readThreads;
    private final ThreadLocal<Connection> readConnection = new ThreadLocal<>();
    private final List<Connection> readConnections = new CopyOnWriteArrayList<>();

    SqliteExecutor(Path file, Connection writer, int readers) {
        this.file = file;
        this.writer = writer;
        this.writeThread = Executors.newSingleThreadExecutor(Workers.daemons("mnemos-sqlite-writer"));
        this.readThreads = Executors.newFixedThreadPool(readers, Workers.daemons("mnemos-sqlite-reader"));
    }

    /**
     * Produces the result of {@code work} run in one transaction on the writer connection: committed
     * when it returns, rolled back when it throws. SQL errors become {@link MemoryException}s.
     */
    <T> Uni<T> write(Work<T> work) {
        return write(work, result -> {});
    }

    /**
     * Like {@link #write(Work)}, and runs {@code afterCommit} on the writer thread once the
     * transaction is committed, before any later write (for in-memory state that mirrors rows).
     */
    <T> Uni<T> write(Work<T> work, java.util.function.Consumer<T> afterCommit) {
        return Uni.createFrom().item(() -> {
            T result = inTransaction(work);
            afterCommit.accept(result);
            return result;
        }).runSubscriptionOn(writeThread).emitOn(Workers.pool());
    }

    /** Produces the result of {@code work} run on a read connection, seeing every committed write. */
    <T> Uni<T> read(Work<T> work) {
        return Uni.createFrom().item(() -> {
            try {
                return work.run(readConnection());
            } catch (SQLException e) {
                throw failure(e);
            }
        }).runSubscriptionOn(readThreads).emitOn(Workers.pool());
    }

    /** Runs {@code work} in a transaction on the calling thread, which must be the writer thread. */
    <T> T inTransaction(Work<T> work) {
        try {
            writer.setAutoCommit(false);
            try {
                T result = work.run(writer);
                writer.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                writer.rollback();
                throw e;
            } finally {
                writer.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** Runs a task on the writer thread after the writes queued before it. */
    void afterWrites(Runnable task) {
        writeThread.execute(task);
    }

    private Connection readConnection() throws SQLException {
        Connection connection = readConnection.get();
        if (connection == null) {
            connection = SqliteDatabase.connect(file, true);
            readConnection.set(connection);
            readConnections.add(connection);
        }
        return connection;
    }

    private static MemoryException failure(SQLException e) {
        return new MemoryException("SQLite failed: " + e.getMessage(), e);
    }

    @Override
    public void close() {
        writeThread.shutdown();
        readThreads.shutdown();
        try {
            writeThread.awaitTermination(30, TimeUnit.SECONDS);
            readThreads.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        for (Connection connection : readConnections) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // closing a read connection cannot lose anything
            }
        }
    }
}
