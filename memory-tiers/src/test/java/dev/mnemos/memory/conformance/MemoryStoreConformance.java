package dev.mnemos.memory.conformance;

/**
 * The whole storage conformance suite: every engine's test extends this class and implements
 * {@link #store()}. The behaviours live in the chain of classes above it, one topic each
 * (blocks, recall, archival, interrupts, step commits, tenancy, bad input).
 *
 * <pre>{@code
 * class SqliteMemoryStoreTest extends MemoryStoreConformance {
 *     @TempDir Path dir;
 *     SqliteMemoryStore store;
 *     @Override protected MemoryStore store() { ... }
 * }
 * }</pre>
 */
public abstract class MemoryStoreConformance extends BadInputConformance {}
