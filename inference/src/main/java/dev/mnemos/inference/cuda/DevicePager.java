package dev.mnemos.inference.cuda;

import java.util.function.Supplier;

/**
 * Keeps a pooled {@link PageTable} in step with the positions a sequence writes and the tokens its policy keeps:
 * before a step or a prefill writes a logical page for the first time, every page an evicting policy has emptied
 * since (its live word is 0: no slot kept) goes back to the pool, then each stream's new page is taken from it. So a
 * long generation under sinks+window or heavy hitters holds about the policy's budget of device pages, not the
 * context's ({@link #pool} says how many suffice).
 *
 * <p>The host looks at the live words only when a step opens a page, every {@code pageSize} tokens: an emptied page
 * waits until then, which {@link #pool} counts.
 */
public final class DevicePager {

    private final PageTable table;
    private final int pageSize;
    private final int mask;

    public DevicePager(PageTable table, int pageSize) {
        if (pageSize <= 0 || pageSize > 32) throw new IllegalArgumentException("pages of 1 to 32 slots, not " + pageSize);
        this.table = table;
        this.pageSize = pageSize;
        this.mask = liveMask(pageSize);
    }

    /** The live word of a page whose every slot is kept: one bit per slot. */
    public static int liveMask(int pageSize) {
        return pageSize == 32 ? -1 : (1 << pageSize) - 1;
    }

    /**
     * Makes positions {@code from .. to - 1} writable in every stream. When one of their pages has no device page
     * yet, first drops the pages {@code live} (streams x maxPages words, read only then) shows empty, then maps the
     * missing pages. Returns whether an entry changed: the caller then uploads the table before the kernels run.
     */
    public boolean write(int from, int to, Supplier<int[]> live) {
        if (from < 0 || to <= from || to > table.maxPages() * pageSize) {
            throw new IllegalArgumentException("positions " + from + " to " + to + " in a table of " + table.maxPages() + " pages of " + pageSize);
        }
        int first = from / pageSize, last = (to - 1) / pageSize;
        boolean missing = false;
        for (int stream = 0; stream < table.streams() && !missing; stream++) {
            for (int logical = first; logical <= last && !missing; logical++) missing = table.physical(stream, logical) == PageTable.ABSENT;
        }
        if (!missing) return false;
        reclaim(live.get());
        for (int stream = 0; stream < table.streams(); stream++) {
            for (int logical = first; logical <= last; logical++) {
                if (table.physical(stream, logical) == PageTable.ABSENT) table.map(stream, logical);
            }
        }
        return true;
    }

    /** Drops every resident page whose live word keeps no slot; returns how many. */
    public int reclaim(int[] live) {
        if (live.length != table.streams() * table.maxPages()) {
            throw new IllegalArgumentException(live.length + " live words for a table of " + table.streams() + " x " + table.maxPages());
        }
        int dropped = 0;
        for (int stream = 0; stream < table.streams(); stream++) {
            for (int logical = 0; logical < table.maxPages(); logical++) {
                if ((live[table.index(stream, logical)] & mask) == 0 && table.physical(stream, logical) >= 0) {
                    table.drop(stream, logical);
                    dropped++;
                }
            }
        }
        return dropped;
    }

    /**
     * Device pages enough for {@code streams} streams under {@code eviction} after a prompt of {@code prompt} tokens, at
     * most every logical page. Per stream, at a page's opening: the tokens kept below the eviction's bound, each on a
     * page of its own at worst, and the rest of the budget, contiguous (the newest tokens; a prefill tile opens a page
     * wherever it starts); then the page being opened. Prefill tiles evict only under sinks+window
     * ({@link PrefillPlan#evicts}): under the other policies the prompt's pages are all held until the first step.
     */
    public static int pool(DeviceEviction eviction, int streams, int maxPages, int pageSize, int prompt) {
        int perStream = maxPages;
        if (eviction.kind() != DeviceEviction.Kind.NONE) {
            int budget = eviction.budget(), bound = eviction.bound();
            int kept = 0;
            if (eviction.kind() == DeviceEviction.Kind.LIGHTEST) {
                // heavy hitters: budget - recent anywhere before the recent window, which is always kept
                int recent = Math.min(bound, budget);
                kept = budget - recent + pages(recent, pageSize);
            } else {
                // the oldest evicted from the bound on: up to min(bound, budget) kept below it, the rest above it
                for (int below = 0; below <= Math.min(bound, budget); below++) {
                    kept = Math.max(kept, Math.min(pages(bound, pageSize), below) + pages(budget - below + pageSize - 1, pageSize));
                }
            }
            perStream = kept + 1;
            if (!PrefillPlan.evicts(eviction)) perStream = Math.max(perStream, pages(prompt, pageSize) + 1);
        }
        return (int) Math.min((long) streams * maxPages, (long) streams * Math.min(perStream, maxPages));
    }

    private static int pages(int tokens, int pageSize) {
        return (tokens + pageSize - 1) / pageSize;
    }
}
