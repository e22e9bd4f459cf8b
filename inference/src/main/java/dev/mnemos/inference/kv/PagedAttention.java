package dev.mnemos.inference.kv;

import dev.mnemos.inference.compute.ComputePool;
import dev.mnemos.inference.compute.ParallelTask;
import dev.mnemos.inference.tensor.ChunkedSoftmax;
import dev.mnemos.inference.tensor.DenseKernels;
import java.util.Arrays;

/**
 * Causal attention over the pages a policy selects, split across threads by query head (so that each head's
 * weights land in its own metadata slots without races):
 * {@code out[t, h] = softmax(q[t, h] · K_sel / √d) · V_sel}. With every page selected, the operations and their
 * order are those of the unpaged attention, so the result is the same bit for bit.
 */
final class PagedAttention implements ParallelTask {

    private static final int CHUNK = ChunkedSoftmax.CHUNK;

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
            if (tokens > 1 && DenseKernels.tokensInLanes()) {
                attendTogether(stream, h, s);
                continue;
            }
            for (int t = 0; t < tokens; t++) {
                attend(stream, h, startPosition + t, t * headCount * headSize + h * headSize, t == tokens - 1, s);
            }
        }
    }

    /**
     * Every query of the batch for {@code head} at once, as the unpaged attention does it (the queries in the
     * lanes of vectors, keys in order), page by page. Selection is the same for every query of a batch (it
     * reads the query only when decoding), so it runs once.
     */
    private void attendTogether(KvStream stream, int head, KvScratch s) {
        int selected = cache.policy().select(cache, layer, head, stream, q, head * headSize, false, s);
        KvPage[] pages = s.selected();
        int lanes = DenseKernels.lanes(tokens), g = head % group, queryDim = headCount * headSize;
        int keys = 0;
        for (int p = 0; p < selected; p++) keys += pages[p].size();
        int outT = headSize * lanes, att = 2 * headSize * lanes;
        float[] tile = s.scores(att + keys * lanes);
        DenseKernels.transpose(q, head * headSize, queryDim, tokens, headSize, tile, lanes);
        for (int p = 0, n = 0; p < selected; n += pages[p++].size()) {
            KvPage page = pages[p];
            DenseKernels.keyScores(tile, lanes, headSize, page.keys(), 0, headSize, page.size(), scale, tile, att + n * lanes);
            for (int slot = 0; slot < page.size(); slot++) {
                DenseKernels.maskFuture(tile, att + (n + slot) * lanes, lanes, startPosition, page.position(slot));
            }
        }
        DenseKernels.softmaxLanes(tile, att, keys, lanes);
        Arrays.fill(tile, outT, outT + headSize * lanes, 0f);
        for (int p = 0, n = 0; p < selected; n += pages[p++].size()) {
            KvPage page = pages[p];
            DenseKernels.weightedValues(tile, att + n * lanes, lanes, page.values(), 0, headSize, page.size(), headSize, tile, outT);
            // each weight also goes into the token's attention mass, in query order
            for (int slot = 0; slot < page.size(); slot++) {
                int visibleFrom = Math.max(0, page.position(slot) - startPosition), row = att + (n + slot) * lanes;
                for (int t = visibleFrom; t < tokens; t++) page.addMass(slot, g, tile[row + t]);
                if (visibleFrom < tokens) page.setLastWeight(slot, g, tile[row + tokens - 1]);
            }
        }
        DenseKernels.untranspose(tile, outT, lanes, tokens, headSize, out, head * headSize, queryDim);
    }

    private void attend(KvStream stream, int head, int position, int queryOffset, boolean lastQuery, KvScratch s) {
        int selected = cache.policy().select(cache, layer, head, stream, q, queryOffset, tokens == 1, s);
        KvPage[] pages = s.selected();
        float[] att = s.scores(stream.tokens());
        int g = head % group;
        // scores of this head's query against every selected key up to its position
        int n = 0;
        for (int p = 0; p < selected; p++) {
            KvPage page = pages[p];
            float[] keys = page.keys();
            for (int slot = 0; slot < page.size(); slot++) {
                if (page.position(slot) > position) continue;
                att[n++] = DenseKernels.dot(q, queryOffset, keys, slot * headSize, headSize) * scale;
            }
        }
        // softmax and weighted values chunk by chunk, as the unpaged attention
        int chunks = ChunkedSoftmax.chunks(n);
        float[] maxes = s.chunkMax(chunks), weights = s.chunkWeight(chunks), sums = s.chunkSums(chunks * headSize);
        for (int c = 0; c < chunks; c++) {
            int count = Math.min(CHUNK, n - c * CHUNK);
            maxes[c] = ChunkedSoftmax.max(att, c * CHUNK, count);
            weights[c] = ChunkedSoftmax.exponentiate(att, c * CHUNK, count, maxes[c]);
        }
        Arrays.fill(sums, 0, chunks * headSize, 0f);
        n = 0;
        for (int p = 0; p < selected; p++) {
            KvPage page = pages[p];
            float[] values = page.values();
            for (int slot = 0; slot < page.size(); slot++) {
                if (page.position(slot) > position) continue;
                DenseKernels.axpy(att[n], values, slot * headSize, sums, n / CHUNK * headSize, headSize);
                n++;
            }
        }
        float inverse = ChunkedSoftmax.merge(maxes, weights, 0, 1, chunks, sums, 0, headSize, out, queryOffset, headSize);
        float max = ChunkedSoftmax.max(maxes, 0, chunks);
        for (int c = 0; c < chunks; c++) {
            maxes[c] = ChunkedSoftmax.rescale(maxes[c], max); // now each chunk's factor
        }
        // each key's weight goes into its attention mass
        n = 0;
        for (int p = 0; p < selected; p++) {
            KvPage page = pages[p];
            for (int slot = 0; slot < page.size(); slot++) {
                if (page.position(slot) > position) continue;
                float weight = att[n] * maxes[n / CHUNK] * inverse;
                n++;
                page.addMass(slot, g, weight);
                if (lastQuery) page.setLastWeight(slot, g, weight);
            }
        }
    }
}
