package dev.mnemos.inference.kv.policy;

import dev.mnemos.inference.kv.KvStream;
import dev.mnemos.inference.kv.PagedKvCache;

/** Evicts, in every stream of a cache, the lowest-scored tokens until the stream is within its budget. */
final class Eviction {

    private Eviction() {}

    static void toBudget(PagedKvCache cache, int budget, SlotScore score) {
        for (int layer = 0; layer < cache.layout().layers(); layer++) {
            for (int head = 0; head < cache.layout().kvHeads(); head++) {
                KvStream stream = cache.stream(layer, head);
                while (stream.tokens() > budget && evictLowest(stream, score, cache.length())) {
                    // one token per pass: each eviction moves the stream's last token
                }
            }
        }
    }

    /** Evicts the stream's lowest-scored token; false when every token is protected. */
    static boolean evictLowest(KvStream stream, SlotScore score, int nextPosition) {
        int bestPage = -1, bestSlot = -1;
        float best = Float.POSITIVE_INFINITY;
        for (int p = 0; p < stream.pageCount(); p++) {
            var page = stream.page(p);
            for (int slot = 0; slot < page.size(); slot++) {
                float s = score.score(page, slot, nextPosition);
                if (s < best) { // NaN (protected) never is
                    best = s;
                    bestPage = p;
                    bestSlot = slot;
                }
            }
        }
        if (bestPage < 0) return false;
        stream.evict(bestPage, bestSlot);
        return true;
    }
}
