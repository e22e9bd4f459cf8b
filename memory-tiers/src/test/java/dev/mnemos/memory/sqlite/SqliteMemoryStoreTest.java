package dev.mnemos.memory.sqlite;

import dev.mnemos.memory.MemoryStore;
import dev.mnemos.memory.archival.VectorIndex;
import dev.mnemos.memory.conformance.MemoryStoreConformance;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference engine passes the whole conformance suite, each test in a fresh database file,
 * with a vector index that walks its graph past 1,000 candidates (the default scans up to 20,000),
 * so that the suite's thousands of passages take the approximate path.
 */
class SqliteMemoryStoreTest extends MemoryStoreConformance {

    private static final VectorIndex.Settings SMALL_EXACT_LIMIT = new VectorIndex.Settings(16, 64, 64, 1000, 500);

    @TempDir
    Path dir;

    private SqliteMemoryStore store;

    @Override
    protected MemoryStore store() {
        if (store == null) {
            try {
                store = SqliteMemoryStore.open(dir.resolve("mnemos.db"), Clock.systemUTC(), SMALL_EXACT_LIMIT);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return store;
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }
}
