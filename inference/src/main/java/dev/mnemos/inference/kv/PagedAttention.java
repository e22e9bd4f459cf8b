package dev.mnemos.inference.kv;

import dev.mnemos.inference.compute.ComputePool;
import dev.mnemos.inference.compute.ParallelTask;
import dev.mnemos.inference.tensor.DenseKernels;
import java.util.Arrays;

/**
 * Causal attention over the pages a policy selects, split across threads by query head (so that each head's
 * weights land in its own metadata slots without races):
 * {@code out[t, h] = softmax(q[t, h] · K_sel / √d) · V_sel}. With every page selected, the operations and their
 * order are those of the unpaged attention, so the result is the same bit for bit.
 */
final class PagedAttention implements ParallelTask {

    private final PagedKvCache cache;
    private final int headCount;
    private final int headSize;
    private final int group;
    private final float scale;
    private KvScratch[] scratch = new KvScratch[0]; // (thread)

    private float[] q;
    private float[] out;
    private int layer;
    private int tokens;
    private int startPosition;

    PagedAttention(PagedKvCache cache) {
        KvLayout layout = cache.layout();
        this.cache = cache;
        this.headCount = layout.headCount();
        this.headSize = layout.headSize();
        this.group = layout.group();
        this.scale = (float) (1.0 / Math.sqrt(headSize));
    }

    void apply(ComputePool pool, int layer, float[] q, float[] out, int tokens, int startPosition) {
        if (scratch.length < pool.threads()) {
            scratch = new KvScratch[pool.threads()];
            for (int i = 0; i < scratch.length; i++) scratch[i] = new KvScratch();
        }
        this.q = q;
        this.out = out;
        this.layer = layer;
        this.tokens = tokens;
        this.startPosition = startPosition;
        pool.run(this);
        this.q = null;
        this.out = null;
    }

    @Override
    public void run(int part, int parts) {
        int from = ParallelTask.splitPoint(headCount, part, parts, 1);
        int to = ParallelTask.splitPoint(headCount, part + 1, parts, 1);
        KvScratch s = scratch[part];
        for (int h = from; h < to; h++) {
            KvStream stream = cache.stream(layer, h / group);
            for (int t = 0; t < tokens; t++) {
                attend(stream, h, startPosition + t, t * headCount * headSize + h * headSize, t == tokens - 1, s);
            }
        }
    }

    private void attend(KvStream stream, int head, int position, int queryOffset, boolean lastQuery, KvScratch s) {
        int selected = cache.policy().select(cache, layer, head, stream, q, queryOffset, tokens == 1, s);
        KvPage[] pages = s.selected();
        float[] att = s.scores(stream.tokens());
        int g = head % group;
        // scores of this head's query against every selected key up to its position
        float max = Float.NEGATIVE_INFINITY;
        int n = 0;
        for (int p = 0; p < selected; p++) {
            KvPage page = pages[p];
            float[] keys = page.keys();
            for (int slot = 0; slot < page.size(); slot++) {
                if (page.position(slot) > position) continue;
                float score = DenseKernels.dot(q, queryOffset, keys, slot * headSize, headSize) * scale;
                att[n++] = score;
                max = Math.max(max, score);
            }
        }
        // softmax
        float sum = 0f;
        for (int i = 0; i < n; i++) {
            float e = (float) Math.exp(att[i] - max);
            att[i] = e;
            sum += e;
        }
        float inverse = 1f / sum;
        // weighted sum of the values; each weight also goes into the token's attention mass
        Arrays.fill(out, queryOffset, queryOffset + headSize, 0f);
        n = 0;
        for (int p = 0; p < selected; p++) {
            KvPage page = pages[p];
            float[] values = page.values();
            for (int slot = 0; slot < page.size(); slot++) {
                if (page.position(slot) > position) continue;
                float weight = att[n++] * inverse;
                DenseKernels.axpy(weight, values, slot * headSize, out, queryOffset, headSize);
                page.addMass(slot, g, weight);
                if (lastQuery) page.setLastWeight(slot, g, weight);
            }
        }
    }
}
