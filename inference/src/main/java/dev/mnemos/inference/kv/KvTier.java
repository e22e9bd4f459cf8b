package dev.mnemos.inference.kv;

/**
 * A slower tier that offloaded pages' keys and values move to (host memory, then a disk file), in fixed-size
 * slots of one page each.
 */
public interface KvTier extends AutoCloseable {

    /** Whether a slot is free. */
    boolean hasRoom();

    /** Stores {@code length} floats of keys and of values; returns the slot. */
    int store(float[] keys, float[] values, int length);

    /** Reads a slot's {@code length} floats of keys and values back. */
    void load(int slot, float[] keys, float[] values, int length);

    void free(int slot);

    /** Bytes of the slots in use. */
    long bytesUsed();

    @Override
    void close();
}
