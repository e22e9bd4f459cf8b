package dev.mnemos.memory.conformance;

import dev.mnemos.memory.MemoryStore;

/**
 * Opens an engine from an address (a file path, a JDBC-like URL...), so that the crash workload,
 * which runs in a child JVM, can open any engine by the name of a class. Implementations need a
 * public no-argument constructor.
 */
public interface StoreOpener {

    /** Produces an open store at {@code address}, creating its schema when missing. */
    MemoryStore open(String address) throws Exception;
}
