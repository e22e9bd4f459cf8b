package dev.mnemos.memory.postgres;

import dev.mnemos.memory.MemoryStore;
import dev.mnemos.memory.conformance.MemoryStoreConformance;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The PostgreSQL engine passes the whole conformance suite, in a schema of this run's own. */
class PostgresMemoryStoreTest extends MemoryStoreConformance {

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

    @Override
    protected MemoryStore store() {
        return store;
    }

}
