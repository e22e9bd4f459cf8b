package dev.mnemos.memory.sqlite;

import dev.mnemos.memory.MemoryStore;
import dev.mnemos.memory.conformance.MemoryStoreConformance;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** The reference engine passes the whole conformance suite, each test in a fresh database file. */
class SqliteMemoryStoreTest extends MemoryStoreConformance {

    @TempDir
    Path dir;

    private SqliteMemoryStore store;

    @Override
    protected MemoryStore store() {
        if (store == null) {
            try {
                store = SqliteMemoryStore.open(dir.resolve("mnemos.db"));
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
