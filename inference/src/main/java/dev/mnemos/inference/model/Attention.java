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
        int kvDim = kv.kvDim();
        // scores of this head's query against every key so far, four keys of one page at a time
        int s = 0;
        for (; s + 3 <= position; s += 4) {
            float[] keys = kv.keys(layer, s);
            if (keys != kv.keys(layer, s + 3)) {
                break; // the four straddle two pages: the rest go one by one
            }
            DenseKernels.dot4(q, queryOffset, keys, kv.offset(s) + kvHeadOffset, kvDim, headSize, att, s);
        }
        for (; s <= position; s++) {
            att[s] = DenseKernels.dot(q, queryOffset, kv.keys(layer, s), kv.offset(s) + kvHeadOffset, headSize);
        }
        float max = Float.NEGATIVE_INFINITY;
        for (s = 0; s <= position; s++) {
            att[s] *= scale;
            max = Math.max(max, att[s]);
        }
        float sum = DenseKernels.softmaxNumerators(att, position + 1, max);
        // weighted sum of the values, one page at a time, then normalized
        Arrays.fill(out, queryOffset, queryOffset + headSize, 0f);
        for (s = 0; s <= position; ) {
            int pageEnd = Math.min(position + 1, (s / KvCache.PAGE_POSITIONS + 1) * KvCache.PAGE_POSITIONS);
            DenseKernels.addWeightedRows(att, s, pageEnd - s, kv.values(layer, s), kv.offset(s) + kvHeadOffset, kvDim, out, queryOffset, headSize);
            s = pageEnd;
        }
        float inverse = 1f / sum;
        for (int i = queryOffset; i < queryOffset + headSize; i++) {
            out[i] *= inverse;
        }
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
