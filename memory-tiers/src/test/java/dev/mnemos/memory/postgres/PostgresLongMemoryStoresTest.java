package dev.mnemos.memory.postgres;

import dev.mnemos.memory.MemoryStore;
import dev.mnemos.memory.structured.StructuredMemoryStoreConformance;
import dev.mnemos.memory.tree.SummaryTreeStoreConformance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;

/** The PostgreSQL engine passes the summary-tree and structured-memory suites, in a schema of this run's own. */
class PostgresLongMemoryStoresTest {

    private static PostgresSettings settings;
    private static PostgresMemoryStore store;

    @BeforeAll
    static void open() {
        settings = LocalServers.postgres();
        store = PostgresMemoryStore.open(settings);
    }

    @AfterAll
    static void close() {
        store.close();
        TestSchema.drop(settings);
    }

    @Nested
    class SummaryTrees extends SummaryTreeStoreConformance {
        @Override
        protected MemoryStore store() {
            return store;
        }
    }

    @Nested
    class StructuredMemories extends StructuredMemoryStoreConformance {
        @Override
        protected MemoryStore store() {
            return store;
        }
    }
}
