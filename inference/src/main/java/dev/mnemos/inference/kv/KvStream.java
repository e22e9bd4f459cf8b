package dev.mnemos.inference.kv;

import java.util.ArrayList;
import java.util.List;

/**
 * The pages of one (layer, KV head), in the order they were opened. Evicting a token moves the stream's last
 * token into its slot, so the stream stays dense and frees its last page as soon as that page is empty.
 */
public final class KvStream {

    private final PagedKvCache cache;
    private final List<KvPage> pages = new ArrayList<>();
    private int tokens;

    KvStream(PagedKvCache cache) {
        this.cache = cache;
    }

    public int pageCount() {
        return pages.size();
    }

    public KvPage page(int index) {
        return pages.get(index);
    }

    /** Tokens held, resident or offloaded. */
    public int tokens() {
        return tokens;
    }

    void append(int position, int round, float[] key, int keyOffset, float[] value, int valueOffset) {
        KvPage last = pages.isEmpty() ? null : pages.getLast();
        if (last == null || last.full()) {
            last = cache.newPage();
            pages.add(last);
        }
        last.append(position, round, key, keyOffset, value, valueOffset);
        tokens++;
    }

    /** Closes the last page for appends: the next token opens a page (a dialogue round starts). */
    void seal() {
        if (!pages.isEmpty()) pages.getLast().seal();
    }

    /**
     * Drops the token in {@code slot} of page {@code pageIndex}; the stream's last token takes its place, so a
     * caller walking the slots must look at the same slot again.
     */
    public void evict(int pageIndex, int slot) {
        KvPage hole = pages.get(pageIndex);
        KvPage last = pages.getLast();
        if (!hole.resident() || !last.resident()) {
            throw new IllegalStateException("cannot evict from an offloaded page: bring it back first");
        }
        int lastSlot = last.size() - 1;
        if (hole != last || slot != lastSlot) hole.copyFrom(slot, last, lastSlot);
        last.dropLast();
        tokens--;
        if (last.size() == 0) {
            pages.removeLast();
            cache.releasePage(last);
        }
    }

    void clear() {
        for (KvPage page : pages) cache.releasePage(page);
        pages.clear();
        tokens = 0;
    }
}
