package dev.mnemos.inference.kv.policy;

import dev.mnemos.inference.kv.KvPolicy;
import dev.mnemos.inference.kv.KvScratch;
import dev.mnemos.inference.kv.KvStream;
import dev.mnemos.inference.kv.PagedKvCache;

/**
 * What one policy keeps, attended as another selects: e.g. sinks+window eviction with Quest's page selection over
 * what is left. The keeping policy's hooks run first.
 */
public record ComposedPolicy(KvPolicy keep, KvPolicy attend) implements KvPolicy {

    @Override
    public String name() {
        return keep.name() + "/" + attend.name();
    }

    @Override
    public int select(PagedKvCache cache, int layer, int head, KvStream stream, float[] q, int queryOffset, boolean decoding, KvScratch scratch) {
        return attend.select(cache, layer, head, stream, q, queryOffset, decoding, scratch);
    }

    @Override
    public void afterAttention(PagedKvCache cache, int layer) {
        keep.afterAttention(cache, layer);
        attend.afterAttention(cache, layer);
    }

    @Override
    public void afterForward(PagedKvCache cache) {
        keep.afterForward(cache);
        attend.afterForward(cache);
    }

    @Override
    public void afterPrefill(PagedKvCache cache) {
        keep.afterPrefill(cache);
        attend.afterPrefill(cache);
    }

    @Override
    public boolean evicts() {
        return keep.evicts() || attend.evicts();
    }
}
