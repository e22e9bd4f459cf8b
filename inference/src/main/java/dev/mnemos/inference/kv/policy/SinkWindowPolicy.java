package dev.mnemos.inference.kv.policy;

import dev.mnemos.inference.kv.KvPolicy;
import dev.mnemos.inference.kv.PagedKvCache;

/**
 * Attention sinks and a sliding window (StreamingLLM, arXiv 2309.17453): the first {@code sinks} positions and
 * the last {@code window} tokens stay, everything between is evicted after each forward pass, so an endless
 * stream runs in constant memory and constant time per token.
 *
 * <p>Positions: StreamingLLM gives the kept tokens positions inside the cache (0 .. budget-1), so the distance
 * from the query to a sink never exceeds the cache size and a model runs past its trained context. Here keys
 * are RoPE'd once, at write time, at their true position, and the query at its own, so the window's relative
 * distances are exactly those of full attention while the sinks drift further away as the stream grows: equal
 * to StreamingLLM inside the trained context, different past it (re-indexing would re-rotate every kept key by
 * the shift, which RoPE allows, and is not done).
 */
public final class SinkWindowPolicy implements KvPolicy {

    private final int sinks;
    private final int window;
    private final SlotScore oldestNonSink;

    public SinkWindowPolicy(int sinks, int window) {
        if (sinks < 0 || window <= 0) throw new IllegalArgumentException("sinks " + sinks + " and window " + window);
        this.sinks = sinks;
        this.window = window;
        this.oldestNonSink = (page, slot, next) -> page.position(slot) < sinks ? Float.NaN : page.position(slot);
    }

    @Override
    public String name() {
        return "sinks+window";
    }

    @Override
    public void afterForward(PagedKvCache cache) {
        Eviction.toBudget(cache, sinks + window, oldestNonSink);
    }

    @Override
    public boolean evicts() {
        return true;
    }
}
