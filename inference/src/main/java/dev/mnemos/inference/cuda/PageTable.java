package dev.mnemos.inference.cuda;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * The host's copy of the device KV cache's page table: for each stream (layer, KV head) and each logical page
 * (positions {@code i * pageSize ..} of that stream), the physical page of the device pool that holds it, or
 * {@link #OFFLOADED} while its keys and values are in host memory. The device reads the same numbers
 * ({@link #entries()}, uploaded whenever an entry changes), so the kernels and the host always agree on where a
 * page is. A fresh table maps every logical page of every stream to a page of its own.
 */
public final class PageTable {

    public static final int OFFLOADED = -1;

    private final int streams;
    private final int maxPages;
    private final int[] physical; // (stream, logical)
    private final ArrayDeque<Integer> free = new ArrayDeque<>();

    /**
     * @param streams  layers x KV heads
     * @param maxPages logical pages per stream: ceil(context / pageSize)
     */
    public PageTable(int streams, int maxPages) {
        if (streams <= 0 || maxPages <= 0) {
            throw new IllegalArgumentException("a page table needs streams and pages, not " + streams + " x " + maxPages);
        }
        if ((long) streams * maxPages > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(streams + " streams of " + maxPages + " pages are more than an int can number");
        }
        this.streams = streams;
        this.maxPages = maxPages;
        this.physical = new int[streams * maxPages];
        Arrays.setAll(physical, i -> i);
    }

    public int streams() {
        return streams;
    }

    public int maxPages() {
        return maxPages;
    }

    /** Physical pages of the device pool (one per logical page of every stream). */
    public int capacity() {
        return physical.length;
    }

    /** The physical page of a stream's logical page, or {@link #OFFLOADED}. */
    public int physical(int stream, int logical) {
        return physical[index(stream, logical)];
    }

    /** Index of the entry in {@link #entries()}: the kernels read {@code pageTable[stream * maxPages + logical]}. */
    public int index(int stream, int logical) {
        if (stream < 0 || stream >= streams || logical < 0 || logical >= maxPages) {
            throw new IndexOutOfBoundsException("page " + logical + " of stream " + stream + " (table of " + streams + " x " + maxPages + ")");
        }
        return stream * maxPages + logical;
    }

    /** Marks a page offloaded and returns the physical page it frees (its contents are the caller's to copy out first). */
    public int release(int stream, int logical) {
        int i = index(stream, logical);
        int page = physical[i];
        if (page == OFFLOADED) {
            throw new IllegalStateException("page " + logical + " of stream " + stream + " is already offloaded");
        }
        physical[i] = OFFLOADED;
        free.push(page);
        return page;
    }

    /** Gives an offloaded page a free physical page (the caller then copies its contents in) and returns it. */
    public int assign(int stream, int logical) {
        int i = index(stream, logical);
        if (physical[i] != OFFLOADED) {
            throw new IllegalStateException("page " + logical + " of stream " + stream + " is resident in page " + physical[i]);
        }
        if (free.isEmpty()) {
            throw new IllegalStateException("no free device page for page " + logical + " of stream " + stream);
        }
        physical[i] = free.pop();
        return physical[i];
    }

    /** Whether any page is offloaded. */
    public boolean offloads() {
        return !free.isEmpty();
    }

    /** The table as the kernels read it (a copy). */
    public int[] entries() {
        return physical.clone();
    }
}
