package dev.mnemos.inference.model;

import dev.mnemos.inference.compute.ComputePool;
import dev.mnemos.inference.compute.ParallelTask;
import dev.mnemos.inference.kv.KvCache;
import dev.mnemos.inference.kv.KvPrecision;
import dev.mnemos.inference.tensor.ChunkedSoftmax;
import dev.mnemos.inference.tensor.DenseKernels;
import java.util.Arrays;

/**
 * Causal multi-head attention with grouped KV heads, over (token, head) pairs split across threads:
 * {@code out[t, h] = softmax(q[t, h] · K[0 .. pos_t] / √d) · V[0 .. pos_t]}. A reusable task; its operands
 * are set per call.
 */
final class Attention implements ParallelTask {

    private static final long SERIAL_WORK = 1 << 15;
    private static final int CHUNK = ChunkedSoftmax.CHUNK;

    static {
        assert KvCache.PAGE_POSITIONS % CHUNK == 0 : "a chunk of positions must lie within one KV page";
    }

    private final int headCount;
    private final int headSize;
    private final int groupSize;
    private final int queryDim;
    private final float scale;
    private final float[][] chunkScores; // (thread, headCount × CHUNK): a chunk's scores, head by head
    private final float[] chunkSums; // (chunk, chunkStride): a chunk's values weighted by exp(score − its max), summed
    private final float[] chunkMax; // (chunk, head): the largest score of the chunk
    private final float[] chunkWeight; // (chunk, head): the sum of the chunk's exp(score − its max)
    private final int chunkStride; // queryDim rounded up to whole cache lines and one more, so that threads never share one
    private final float[][] tiles; // (thread, ..): a batch's transposed queries and outputs, then its scores; grown in prefill

    private KvCache kv;
    private float[] q;
    private float[] out;
    private int layer;
    private int tokens;
    private int startPosition;
    private int token; // the query that the chunks are of

    Attention(ModelShape shape, int threads, int contextLength) {
        this.headCount = shape.headCount();
        this.headSize = shape.headSize();
        this.groupSize = shape.groupSize();
        this.queryDim = shape.queryDim();
        this.scale = (float) (1.0 / Math.sqrt(headSize));
        int chunks = ChunkedSoftmax.chunks(contextLength);
        this.chunkStride = (queryDim + 15) / 16 * 16 + 16;
        this.chunkScores = new float[threads][headCount * CHUNK];
        this.chunkSums = new float[chunks * chunkStride];
        this.chunkMax = new float[chunks * headCount];
        this.chunkWeight = new float[chunks * headCount];
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
        if (inChunks()) {
            for (token = 0; token < tokens; token++) { // one query at a time, its chunks across the threads
                share(pool, (long) headCount * headSize * (startPosition + token + 1));
                mergeChunks();
            }
        } else {
            share(pool, (long) tokens * headCount * headSize * (startPosition + tokens));
        }
        this.kv = null;
        this.q = null;
        this.out = null;
    }

    private void share(ComputePool pool, long work) {
        if (work < SERIAL_WORK) {
            run(0, 1); // too little to be worth waking the pool
        } else {
            pool.run(this);
        }
    }

    /** Decode, and with a batch whose queries cannot go in vector lanes, query by query: F32 only. */
    private boolean inChunks() {
        return kv.precision() == KvPrecision.F32 && (tokens == 1 || !DenseKernels.tokensInLanes());
    }

    @Override
    public void run(int part, int parts) {
        if (inChunks()) {
            int chunks = ChunkedSoftmax.chunks(startPosition + token + 1);
            for (int c = ParallelTask.splitPoint(chunks, part, parts, 1); c < ParallelTask.splitPoint(chunks, part + 1, parts, 1); c++) {
                attendChunk(c, part);
            }
        } else if (kv.precision() == KvPrecision.F32) {
            for (int h = ParallelTask.splitPoint(headCount, part, parts, 1); h < ParallelTask.splitPoint(headCount, part + 1, parts, 1); h++) {
                attendTogether(h, part);
            }
        } else {
            int pairs = tokens * headCount;
            for (int pair = ParallelTask.splitPoint(pairs, part, parts, 1); pair < ParallelTask.splitPoint(pairs, part + 1, parts, 1); pair++) {
                int t = pair / headCount, h = pair % headCount;
                attendInHalfPrecision(startPosition + t, t * queryDim + h * headSize, (h / groupSize) * headSize);
            }
        }
    }

    /**
     * Query {@link #token} against the positions of chunk {@code c}, as flash-decoding splits the work (see
     * {@link ChunkedSoftmax}): every head, the positions outside the heads, so that each key and value row is
     * read front to back once. Read head by head instead, at a row's stride, the keys and values of 800
     * positions of a stories110M-shaped model took two thirds of a decoded token on a Zen 5 core; and with
     * the heads split between two threads, each reading half of every row, two threads were slower than one.
     */
    private void attendChunk(int c, int part) {
        int first = c * CHUNK, count = Math.min(CHUNK, startPosition + token + 1 - first);
        float[] att = chunkScores[part]; // att[h * CHUNK + i] for position first + i
        scoreChunk(first, count, att);
        for (int h = 0; h < headCount; h++) {
            float max = ChunkedSoftmax.max(att, h * CHUNK, count);
            chunkMax[c * headCount + h] = max;
            chunkWeight[c * headCount + h] = ChunkedSoftmax.exponentiate(att, h * CHUNK, count, max);
        }
        weighChunk(first, count, att, c * chunkStride);
    }

    // Scores and weighted values in methods of their own: with both vector loops inlined in one, C2 now and
    // then ran out of inlining budget before FloatTensor.sum and boxed a vector per dot product.

    /** {@code att[h * CHUNK + i]}: query {@link #token}'s scaled dot products with the keys of positions {@code first ..}. */
    private void scoreChunk(int first, int count, float[] att) {
        float[] keys = kv.keys(layer, first); // a chunk lies within a page
        int query = token * queryDim;
        for (int i = 0, row = kv.offset(first); i < count; i++, row += kv.kvDim()) {
            for (int h = 0; h < headCount; h++) {
                att[h * CHUNK + i] = DenseKernels.dot(q, query + h * headSize, keys, row + (h / groupSize) * headSize, headSize) * scale;
            }
        }
    }

    /** {@code chunkSums[sums ..]}: the values of positions {@code first ..} weighted by {@code att}, head by head. */
    private void weighChunk(int first, int count, float[] att, int sums) {
        float[] values = kv.values(layer, first);
        Arrays.fill(chunkSums, sums, sums + queryDim, 0f);
        for (int i = 0, row = kv.offset(first); i < count; i++, row += kv.kvDim()) {
            for (int h = 0; h < headCount; h++) {
                DenseKernels.axpy(att[h * CHUNK + i], values, row + (h / groupSize) * headSize, chunkSums, sums + h * headSize, headSize);
            }
        }
    }

    private void mergeChunks() {
        int chunks = ChunkedSoftmax.chunks(startPosition + token + 1), query = token * queryDim;
        for (int h = 0; h < headCount; h++) {
            ChunkedSoftmax.merge(chunkMax, chunkWeight, h, headCount, chunks, chunkSums, h * headSize, chunkStride, out, query + h * headSize, headSize);
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
