package dev.mnemos.inference.model;

import dev.mnemos.inference.compute.ComputePool;
import dev.mnemos.inference.compute.Matmul;
import dev.mnemos.inference.kv.KvCache;
import dev.mnemos.inference.kv.KvPrecision;
import dev.mnemos.inference.kv.PagedKvCache;

/**
 * The mutable side of one running sequence: activation buffers for a batch of up to {@link #maxBatch}
 * tokens, the KV cache and the reusable parallel tasks. Everything is allocated here, once, so that the
 * forward pass allocates nothing. Not thread-safe: one session drives one state.
 */
public final class State {

    /** Tokens per prefill batch unless a caller asks otherwise: the bench's and {@code LocalModel}'s default. */
    public static final int DEFAULT_MAX_BATCH = 32;

    final int maxBatch;
    final float[] x; // (batch, dim): the residual stream
    final float[] xb; // (batch, max(dim, queryDim)): normalized input / attention output
    final float[] xb2; // (batch, dim): projection output before the residual add
    final float[] q; // (batch, queryDim)
    final float[] k; // (batch, kvDim)
    final float[] v; // (batch, kvDim)
    final float[] hb; // (batch, ffn): gate, then SwiGLU output
    final float[] hb2; // (batch, ffn): up
    final float[] cos; // (batch, rope dims / 2)
    final float[] sin; // (batch, rope dims / 2)
    final float[] logits; // (vocab)
    final KvCache kv;
    final Matmul matmul;
    final Attention attention;
    PagedKvCache paged; // when set, keys, values and attention go through it instead of kv

    public State(Model model, ComputePool pool, int contextLength, int maxBatch, KvPrecision precision) {
        ModelShape s = model.shape();
        this.maxBatch = maxBatch;
        int dim = s.embeddingLength();
        this.x = new float[maxBatch * dim];
        this.xb = new float[maxBatch * Math.max(dim, s.queryDim())];
        this.xb2 = new float[maxBatch * dim];
        this.q = new float[maxBatch * s.queryDim()];
        this.k = new float[maxBatch * s.kvDim()];
        this.v = new float[maxBatch * s.kvDim()];
        this.hb = new float[maxBatch * s.feedForwardLength()];
        this.hb2 = new float[maxBatch * s.feedForwardLength()];
        this.cos = new float[maxBatch * model.rope().dimensionCount() / 2];
        this.sin = new float[maxBatch * model.rope().dimensionCount() / 2];
        this.logits = new float[s.vocabularySize()];
        this.kv = new KvCache(s.blockCount(), s.kvDim(), Math.min(contextLength, s.contextLength()), precision);
        this.matmul = new Matmul(pool, Math.max(Math.max(dim, s.queryDim()), s.feedForwardLength()), maxBatch);
        this.attention = new Attention(s, pool.threads(), kv.capacity());
    }

    /**
     * Routes this state's keys, values and attention through a paged cache and its policy from the next forward
     * pass on; the flat cache is then left alone. Positions may then grow past the flat cache's capacity.
     */
    public void usePagedKv(PagedKvCache paged) {
        this.paged = paged;
    }

    /** The paged cache set by {@link #usePagedKv}, or null. */
    public PagedKvCache pagedKv() {
        return paged;
    }

    /** The session's KV cache. */
    public KvCache kv() {
        return kv;
    }

    /** Logits of the last token of the last forward pass that asked for them. */
    public float[] logits() {
        return logits;
    }

    public int maxBatch() {
        return maxBatch;
    }
}
