package dev.mnemos.inference.cuda;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * The host's copy of the device KV cache's page table: for each stream (layer, KV head) and each logical page
 * (positions {@code i * pageSize ..} of that stream), the physical page of the device pool that holds it,
 * {@link #OFFLOADED} while its keys and values are in host memory, or {@link #ABSENT}. The device reads the same
 * numbers ({@link #entries()}, uploaded whenever an entry changes), so the kernels and the host always agree on where
 * a page is. A full table maps every logical page of every stream to a page of its own from the start; a pooled one
 * (at most as many physical pages as logical ones) maps a page when it is first written ({@link #map}) and takes it
 * back once an evicting policy has emptied it ({@link #drop}), so that the pool need only hold what the policy keeps.
 */
public final class PageTable {

    public static final int OFFLOADED = -1;

    /**
     * No device page and nothing in host memory: not written yet, or every token of it evicted. The kernels never read
     * such an entry: the attention skips a page whose live word is 0, and a step appends only to its own page.
     */
    public static final int ABSENT = -2;

    private final int streams;
    private final int maxPages;
    private final int pool;
    private final int[] physical; // (stream, logical)
    private final ArrayDeque<Integer> free = new ArrayDeque<>();
    private int offloaded;

    /**
     * A full table.
     *
     * @param streams  layers x KV heads
     * @param maxPages logical pages per stream: ceil(context / pageSize)
     */
    public PageTable(int streams, int maxPages) {
        this(streams, maxPages, check(streams, maxPages), true);
    }

    /**
     * A pooled table: {@code pool} physical pages, every entry {@link #ABSENT} until {@link #map}ped.
     *
     * @param pool physical pages of the device pool, 1 to streams x maxPages
     */
    public PageTable(int streams, int maxPages, int pool) {
        this(streams, maxPages, pool, false);
        if (pool <= 0 || pool > (long) streams * maxPages) {
            throw new IllegalArgumentException("a pool of " + pool + " pages for " + streams + " x " + maxPages + " logical pages");
        }
    }

    private PageTable(int streams, int maxPages, int pool, boolean full) {
        check(streams, maxPages);
        this.streams = streams;
        this.maxPages = maxPages;
        this.pool = pool;
        this.physical = new int[streams * maxPages];
        if (full) {
            Arrays.setAll(physical, i -> i);
        } else {
            Arrays.fill(physical, ABSENT);
            for (int page = 0; page < Math.min(pool, physical.length); page++) free.addLast(page);
        }
    }

    private static int check(int streams, int maxPages) {
        if (streams <= 0 || maxPages <= 0) {
            throw new IllegalArgumentException("a page table needs streams and pages, not " + streams + " x " + maxPages);
        }
        if ((long) streams * maxPages > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(streams + " streams of " + maxPages + " pages are more than an int can number");
        }
        return streams * maxPages;
    }

    public int streams() {
        return streams;
    }

    public int maxPages() {
        return maxPages;
    }

    /** Physical pages of the device pool. */
    public int capacity() {
        return pool;
    }

    /** Whether the pool has a physical page for every logical page (every page mapped from the start). */
    public boolean full() {
        return pool == physical.length;
    }

    /** Physical pages in use: the pool less its free pages. */
    public int resident() {
        return pool - free.size();
    }

    /** The physical page of a stream's logical page, {@link #OFFLOADED} or {@link #ABSENT}. */
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
        int page = take(stream, logical, "offloaded");
        physical[index(stream, logical)] = OFFLOADED;
        offloaded++;
        return page;
    }

    /** Gives an offloaded page a free physical page (the caller then copies its contents in) and returns it. */
    public int assign(int stream, int logical) {
        int i = index(stream, logical);
        if (physical[i] != OFFLOADED) {
            throw new IllegalStateException("page " + logical + " of stream " + stream + " is " + describe(physical[i]) + ", not offloaded");
        }
        physical[i] = pop(stream, logical);
        offloaded--;
        return physical[i];
    }

    /** Gives an {@link #ABSENT} page a free physical page, before a step first writes to it, and returns it. */
    public int map(int stream, int logical) {
        int i = index(stream, logical);
        if (physical[i] != ABSENT) {
            throw new IllegalStateException("page " + logical + " of stream " + stream + " is " + describe(physical[i]) + ", not absent");
        }
        physical[i] = pop(stream, logical);
        return physical[i];
    }

    /** Takes back the physical page of a page whose every token is evicted (it becomes {@link #ABSENT}) and returns it. */
    public int drop(int stream, int logical) {
        int page = take(stream, logical, "dropped");
        physical[index(stream, logical)] = ABSENT;
        return page;
    }

    private int take(int stream, int logical, String what) {
        int i = index(stream, logical);
        int page = physical[i];
        if (page < 0) {
            throw new IllegalStateException("page " + logical + " of stream " + stream + " is " + describe(page) + ", so it cannot be " + what);
        }
        free.push(page);
        return page;
    }

    private int pop(int stream, int logical) {
        if (free.isEmpty()) {
            throw new IllegalStateException("no free device page for page " + logical + " of stream " + stream + ": all " + pool
                    + " pages of the pool are in use");
        }
        return free.pop();
    }

    private static String describe(int entry) {
        return switch (entry) {
            case OFFLOADED -> "offloaded";
            case ABSENT -> "absent";
            default -> "resident in page " + entry;
        };
    }

    /** Whether any page is offloaded. */
    public boolean offloads() {
        return offloaded > 0;
    }

    /** The table as the kernels read it (a copy). */
    public int[] entries() {
        return physical.clone();
    }
}
