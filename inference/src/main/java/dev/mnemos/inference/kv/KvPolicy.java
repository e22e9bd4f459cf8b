package dev.mnemos.inference.kv;

/**
 * What a session keeps in its KV cache and what each query attends to. One instance per session: policies keep
 * per-session state. Hooks run on the decoding thread except {@link #select}, which runs on the attention's
 * worker threads (one call per query head and token, with that thread's scratch).
 */
public interface KvPolicy {

    /** A short name for tables: {@code full}, {@code sinks+window}, ... */
    String name();

    /**
     * Fills {@code scratch.pages(..)} with the pages of {@code stream} that the query of {@code head} at
     * {@code queryOffset} attends to and returns how many; tokens past the query's position are skipped by
     * the attention, not here. The default: every resident page, in order.
     *
     * @param decoding whether this is a one-token step (query-aware selection applies to decoding only)
     */
    default int select(PagedKvCache cache, int layer, int head, KvStream stream, float[] q, int queryOffset, boolean decoding, KvScratch scratch) {
        return allResident(stream, scratch);
    }

    /** After the attention of {@code layer} in a forward call, before the next layer writes its keys. */
    default void afterAttention(PagedKvCache cache, int layer) {}

    /** After every forward call, once all layers wrote their keys: where evicting policies evict. */
    default void afterForward(PagedKvCache cache) {}

    /** Once, when the caller says the prompt is in ({@link PagedKvCache#endPrefill()}). */
    default void afterPrefill(PagedKvCache cache) {}

    /** Whether the policy may keep fewer tokens than were written (false: everything written stays). */
    default boolean evicts() {
        return false;
    }

    /** Every resident page of the stream, in order. */
    static int allResident(KvStream stream, KvScratch scratch) {
        KvPage[] into = scratch.pages(stream.pageCount());
        int n = 0;
        for (int i = 0; i < stream.pageCount(); i++) {
            KvPage page = stream.page(i);
            if (page.resident()) into[n++] = page;
        }
        return n;
    }
}
