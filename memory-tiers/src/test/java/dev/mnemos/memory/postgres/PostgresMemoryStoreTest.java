package dev.mnemos.memory.postgres;

import dev.mnemos.memory.MemoryStore;
import dev.mnemos.memory.conformance.MemoryStoreConformance;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The PostgreSQL engine passes the whole conformance suite, in a schema of this run's own. */
class PostgresMemoryStoreTest extends MemoryStoreConformance {

    @RegisterExtension
    static final FreshSchema postgres = new FreshSchema();

    @Override
    protected MemoryStore store() {
        return postgres.store();
    }
}
