package dev.mnemos.memory.postgres;

import dev.mnemos.memory.MemoryStore;
import dev.mnemos.memory.agent.ToolServerStoreConformance;
import dev.mnemos.memory.structured.StructuredMemoryStoreConformance;
import dev.mnemos.memory.tree.SummaryTreeStoreConformance;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The PostgreSQL engine passes the summary-tree and structured-memory suites, in a schema of this run's own. */
class PostgresLongMemoryStoresTest {

    @RegisterExtension
    static final FreshSchema postgres = new FreshSchema();

    @Nested
    class SummaryTrees extends SummaryTreeStoreConformance {
        @Override
        protected MemoryStore store() {
            return postgres.store();
        }
    }

    @Nested
    class StructuredMemories extends StructuredMemoryStoreConformance {
        @Override
        protected MemoryStore store() {
            return postgres.store();
        }
    }

    @Nested
    class ToolServers extends ToolServerStoreConformance {
        @Override
        protected MemoryStore store() {
            return postgres.store();
        }
    }
}
