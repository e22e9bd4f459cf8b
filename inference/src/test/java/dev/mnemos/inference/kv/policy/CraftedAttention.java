package dev.mnemos.inference.kv.policy;

import dev.mnemos.inference.compute.ComputePool;
import dev.mnemos.inference.kv.KvLayout;
import dev.mnemos.inference.kv.KvPage;
import dev.mnemos.inference.kv.KvPolicy;
import dev.mnemos.inference.kv.KvStream;
import dev.mnemos.inference.kv.PagedKvCache;
import java.util.Set;
import java.util.TreeSet;

/**
 * A one-layer, one-head cache whose attention is known in advance: every query is (1, 0, 0, 0), a "loud" token's
 * key is (16, 0, 0, 0) and every other key is zero, so a loud token takes nearly all of each later query's weight.
 */
final class CraftedAttention implements AutoCloseable {

    static final KvLayout LAYOUT = new KvLayout(1, 1, 1, 4, 4);

    final PagedKvCache cache;
    private final ComputePool pool = new ComputePool(1);
    private final Set<Integer> loud;
    private final float[] out = new float[64 * 4];

    CraftedAttention(KvPolicy policy, Set<Integer> loud) {
        this.cache = new PagedKvCache(LAYOUT, policy);
        this.loud = loud;
    }

    /** Writes {@code count} tokens from the cache's length on, attends them as one batch, commits. */
    void forward(int count) {
        int start = cache.length();
        float[] q = new float[count * 4];
        for (int t = 0; t < count; t++) {
            float[] key = {loud.contains(start + t) ? 16f : 0f, 0f, 0f, 0f};
            cache.write(0, start + t, key, 0, new float[] {start + t, 0, 0, 0}, 0);
            q[t * 4] = 1f;
        }
        cache.attend(pool, 0, q, out, count, start);
        cache.commit(start + count);
    }

    /** Positions the stream holds. */
    Set<Integer> positions() {
        Set<Integer> positions = new TreeSet<>();
        KvStream stream = cache.stream(0, 0);
        for (int p = 0; p < stream.pageCount(); p++) {
            KvPage page = stream.page(p);
            for (int slot = 0; slot < page.size(); slot++) positions.add(page.position(slot));
        }
        return positions;
    }

    @Override
    public void close() {
        cache.close();
        pool.close();
    }
}
