package dev.mnemos.memory.sqlite;

import dev.mnemos.memory.MemoryStore;
import dev.mnemos.memory.agent.ToolServerStoreConformance;
import dev.mnemos.memory.structured.StructuredMemoryStoreConformance;
import dev.mnemos.memory.tree.SummaryTreeStoreConformance;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.io.TempDir;

/** The embedded engine passes the summary-tree and structured-memory suites, each test in a fresh database file. */
class SqliteLongMemoryStoresTest {

    @TempDir
    Path dir;

    private SqliteMemoryStore store;

    MemoryStore open() {
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

    @Nested
    class SummaryTrees extends SummaryTreeStoreConformance {
        @Override
        protected MemoryStore store() {
            return open();
        }
    }

    @Nested
    class StructuredMemories extends StructuredMemoryStoreConformance {
        @Override
        protected MemoryStore store() {
            return open();
        }
    }

    @Nested
    class ToolServers extends ToolServerStoreConformance {
        @Override
        protected MemoryStore store() {
            return open();
        }
    }
}
