package dev.mnemos.inference.model;

import dev.mnemos.inference.compute.ComputePool;
import dev.mnemos.inference.compute.ParallelTask;
import dev.mnemos.inference.kv.KvCache;
import dev.mnemos.inference.kv.KvPrecision;
import dev.mnemos.inference.tensor.DenseKernels;
import java.util.Arrays;

/**
 * Causal multi-head attention with grouped KV heads, over (token, head) pairs split across threads:
 * {@code out[t, h] = softmax(q[t, h] · K[0 .. pos_t] / √d) · V[0 .. pos_t]}. A reusable task; its operands
 * are set per call.
 */
final class Attention implements ParallelTask {

    private static final long SERIAL_WORK = 1 << 15;

    private final int headCount;
    private final int headSize;
    private final int groupSize;
    private final int queryDim;
    private final float scale;
    private final float[][] scores; // (thread, context)
    private final float[][] tiles; // (thread, ..): a batch's transposed queries and outputs, then its scores; grown in prefill

    private KvCache kv;
    private float[] q;
    private float[] out;
    private int layer;
    private int tokens;
    private int startPosition;

    Attention(ModelShape shape, int threads, int contextLength) {
        this.headCount = shape.headCount();
        this.headSize = shape.headSize();
        this.groupSize = shape.groupSize();
        this.queryDim = shape.queryDim();
        this.scale = (float) (1.0 / Math.sqrt(headSize));
        this.scores = new float[threads][contextLength];
        this.tiles = new float[threads][0];
    }

    /** Attention of {@code tokens} queries (batch, queryDim) at positions {@code startPosition ..} into {@code out} (batch, queryDim). */
    void apply(ComputePool pool, KvCache kv, int layer, float[] q, float[] out, int tokens, int startPosition) {
        this.kv = kv;
        this.q = q;
        this.out = out;
        this.layer = layer;
        this.tokens = tokens;
        this.startPosition = startPosition;
        long work = (long) tokens * headCount * headSize * (startPosition + tokens);
        if (work < SERIAL_WORK) {
            run(0, 1); // too little to be worth waking the pool
        } else {
            pool.run(this);
        }
        this.kv = null;
        this.q = null;
        this.out = null;
    }

    @Override
    public void run(int part, int parts) {
        if (tokens > 1 && kv.precision() == KvPrecision.F32 && DenseKernels.tokensInLanes()) {
            int from = ParallelTask.splitPoint(headCount, part, parts, 1);
            int to = ParallelTask.splitPoint(headCount, part + 1, parts, 1);
            for (int h = from; h < to; h++) {
                attendTogether(h, part);
            }
            return;
        }
        int pairs = tokens * headCount;
        int from = ParallelTask.splitPoint(pairs, part, parts, 1);
        int to = ParallelTask.splitPoint(pairs, part + 1, parts, 1);
        for (int pair = from; pair < to; pair++) {
            int t = pair / headCount, h = pair % headCount;
            int queryOffset = t * queryDim + h * headSize;
            int kvHeadOffset = (h / groupSize) * headSize;
            if (kv.precision() == KvPrecision.F16) {
                attendInHalfPrecision(startPosition + t, queryOffset, kvHeadOffset);
            } else {
                attend(startPosition + t, queryOffset, kvHeadOffset, scores[part]);
            }
        }
    }

    private void attend(int position, int queryOffset, int kvHeadOffset, float[] att) {
        // scores of this head's query against every key so far
        float max = Float.NEGATIVE_INFINITY;
        for (int s = 0; s <= position; s++) {
            float score = DenseKernels.dot(q, queryOffset, kv.keys(layer, s), kv.offset(s) + kvHeadOffset, headSize) * scale;
            att[s] = score;
            max = Math.max(max, score);
        }
        // softmax
        float sum = 0f;
        for (int s = 0; s <= position; s++) {
            float e = (float) Math.exp(att[s] - max);
            att[s] = e;
            sum += e;
        }
        float inverse = 1f / sum;
        // weighted sum of the values
        Arrays.fill(out, queryOffset, queryOffset + headSize, 0f);
        for (int s = 0; s <= position; s++) {
            DenseKernels.axpy(att[s] * inverse, kv.values(layer, s), kv.offset(s) + kvHeadOffset, out, queryOffset, headSize);
        }
    }

    /**
     * Every query of the batch for head {@code h} at once, the queries in the lanes of vectors (see
     * {@link DenseKernels#keyScores}): each key row is read once per batch rather than once per query.
     */
    private void attendTogether(int h, int part) {
        int lanes = DenseKernels.lanes(tokens), keys = startPosition + tokens;
        int kvHeadOffset = (h / groupSize) * headSize, kvDim = kv.kvDim();
        float[] tile = tile(part, headSize * lanes * 2 + keys * lanes);
        int qt = 0, outT = headSize * lanes, att = 2 * headSize * lanes;
        DenseKernels.transpose(q, h * headSize, queryDim, tokens, headSize, tile, lanes);
        for (int s = 0, count; s < keys; s += count) {
            count = Math.min(KvCache.PAGE_POSITIONS - s % KvCache.PAGE_POSITIONS, keys - s); // the rest of s's page
            DenseKernels.keyScores(tile, lanes, headSize, kv.keys(layer, s), kv.offset(s) + kvHeadOffset, kvDim, count, scale, tile, att + s * lanes);
        }
        for (int s = startPosition + 1; s < keys; s++) {
            DenseKernels.maskFuture(tile, att + s * lanes, lanes, startPosition, s);
        }
        DenseKernels.softmaxLanes(tile, att, keys, lanes);
        Arrays.fill(tile, outT, outT + headSize * lanes, 0f);
        for (int s = 0, count; s < keys; s += count) {
            count = Math.min(KvCache.PAGE_POSITIONS - s % KvCache.PAGE_POSITIONS, keys - s); // the rest of s's page
            DenseKernels.weightedValues(tile, att + s * lanes, lanes, kv.values(layer, s), kv.offset(s) + kvHeadOffset, kvDim, count, headSize, tile, outT);
        }
        DenseKernels.untranspose(tile, outT, lanes, tokens, headSize, out, h * headSize, queryDim);
    }

    private float[] tile(int part, int size) {
        if (tiles[part].length < size) tiles[part] = new float[size];
        return tiles[part];
    }

    /**
     * The same attention computed as llama.cpp's CPU flash-attention kernel does with its default f16 cache:
     * the query rounded to f16, an online softmax, and the weighted values summed in f16.
     */
    private void attendInHalfPrecision(int position, int queryOffset, int kvHeadOffset) {
        KvPrecision half = KvPrecision.F16;
        for (int i = queryOffset; i < queryOffset + headSize; i++) {
            q[i] = half.round(q[i]);
        }
        float max = Float.NEGATIVE_INFINITY, sum = 0f;
        Arrays.fill(out, queryOffset, queryOffset + headSize, 0f);
        for (int s = 0; s <= position; s++) {
            float score = DenseKernels.dot(q, queryOffset, kv.keys(layer, s), kv.offset(s) + kvHeadOffset, headSize) * scale;
            float rescale = 1f, weight = 1f;
            if (score > max) {
                rescale = (float) Math.exp(max - score);
                max = score;
                for (int i = queryOffset; i < queryOffset + headSize; i++) {
                    out[i] = half.round(out[i] * rescale);
                }
            } else {
                weight = (float) Math.exp(score - max);
            }
            float[] values = kv.values(layer, s);
            int valueOffset = kv.offset(s) + kvHeadOffset;
            for (int i = 0; i < headSize; i++) {
                out[queryOffset + i] = half.round(out[queryOffset + i] + values[valueOffset + i] * weight);
            }
            sum = sum * rescale + weight;
        }
        float inverse = 1f / sum;
        for (int i = queryOffset; i < queryOffset + headSize; i++) {
            out[i] *= inverse;
        }
    }
}
