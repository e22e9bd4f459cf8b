package dev.mnemos.memory.sqlite;

import dev.mnemos.memory.MemoryStore;
import dev.mnemos.memory.conformance.StoreOpener;
import java.nio.file.Path;

/** Opens the embedded engine at a file path, for the crash workload's child JVM. */
public final class SqliteOpener implements StoreOpener {

    @Override
    public MemoryStore open(String address) throws Exception {
        return SqliteMemoryStore.open(Path.of(address));
    }
}
