package dev.mnemos.memory.postgres;

import dev.mnemos.memory.MemoryStore;
import dev.mnemos.memory.conformance.StoreOpener;

/** Opens the PostgreSQL engine of the local server in the schema named by the address, for the crash workload's child JVM. */
public final class PostgresOpener implements StoreOpener {

    @Override
    public MemoryStore open(String schema) {
        return PostgresMemoryStore.open(LocalServers.postgres(schema));
    }
}
