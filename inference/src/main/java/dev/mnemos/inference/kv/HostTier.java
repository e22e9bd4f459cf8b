package dev.mnemos.inference.kv;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * Offloaded pages in off-heap host memory, outside the Java heap the attention works in, up to
 * {@code maxPages} pages; memory is taken in chunks as it is needed and kept for reuse.
 */
public final class HostTier implements KvTier {

    private static final int CHUNK_PAGES = 64;

    private final int pageFloats;
    private final int maxPages;
    private final Arena arena = Arena.ofShared();
    private final List<MemorySegment> chunks = new ArrayList<>();
    private final SlotFreeList slots = new SlotFreeList();

    /** @param pageFloats floats of keys (and of values) in one page */
    public HostTier(int pageFloats, int maxPages) {
        this.pageFloats = pageFloats;
        this.maxPages = maxPages;
    }

    @Override
    public boolean hasRoom() {
        return slots.inUse() < maxPages;
    }

    @Override
    public int store(float[] keys, float[] values, int length) {
        int slot = slots.take();
        while (chunks.size() * CHUNK_PAGES <= slot) {
            chunks.add(arena.allocate(2L * CHUNK_PAGES * pageFloats * Float.BYTES, Float.BYTES));
        }
        long at = at(slot);
        MemorySegment chunk = chunks.get(slot / CHUNK_PAGES);
        MemorySegment.copy(keys, 0, chunk, ValueLayout.JAVA_FLOAT, at, length);
        MemorySegment.copy(values, 0, chunk, ValueLayout.JAVA_FLOAT, at + (long) pageFloats * Float.BYTES, length);
        return slot;
    }

    @Override
    public void load(int slot, float[] keys, float[] values, int length) {
        long at = at(slot);
        MemorySegment chunk = chunks.get(slot / CHUNK_PAGES);
        MemorySegment.copy(chunk, ValueLayout.JAVA_FLOAT, at, keys, 0, length);
        MemorySegment.copy(chunk, ValueLayout.JAVA_FLOAT, at + (long) pageFloats * Float.BYTES, values, 0, length);
    }

    private long at(int slot) {
        return 2L * (slot % CHUNK_PAGES) * pageFloats * Float.BYTES;
    }

    @Override
    public void free(int slot) {
        slots.give(slot);
    }

    @Override
    public long bytesUsed() {
        return 2L * slots.inUse() * pageFloats * Float.BYTES;
    }

    @Override
    public void close() {
        arena.close();
    }
}
