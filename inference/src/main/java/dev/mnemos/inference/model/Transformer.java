package dev.mnemos.inference.model;

import dev.mnemos.inference.compute.ComputePool;
import dev.mnemos.inference.compute.Matmul;
import dev.mnemos.inference.kv.KvPrecision;
import dev.mnemos.inference.kv.KvCache;
import dev.mnemos.inference.kv.PagedKvCache;

/**
 * The forward pass of Llama and Qwen2: tokens at consecutive positions in, logits of the last one out.
 * A batch of tokens goes through each matrix together (prefill); decoding is a batch of one.
 */
public final class Transformer {

    private final Model model;
    private final Rope rope;

    public Transformer(Model model) {
        this.model = model;
        this.rope = new Rope(model);
    }

    public Model model() {
        return model;
    }

    /** A fresh state for this model: buffers for {@code maxBatch} tokens and an F32 KV cache of {@code contextLength} positions. */
    public State newState(ComputePool pool, int contextLength, int maxBatch) {
        return newState(pool, contextLength, maxBatch, KvPrecision.F32);
    }

    public State newState(ComputePool pool, int contextLength, int maxBatch, KvPrecision precision) {
        return new State(model, pool, contextLength, maxBatch, precision);
    }

    /**
     * Runs {@code tokens[from .. from+count)} at positions {@code startPosition ..}, writing their keys and
     * values into the state's cache, and returns the logits of the last one (the state's own array).
     */
    public float[] forward(State state, int[] tokens, int from, int count, int startPosition) {
        if (count <= 0) {
            throw new IllegalArgumentException("nothing to run: count " + count);
        }
        for (int done = 0; done < count; ) {
            int batch = Math.min(state.maxBatch, count - done);
            forwardBatch(state, tokens, from + done, batch, startPosition + done, done + batch == count);
            done += batch;
        }
        return state.logits;
    }

    private void forwardBatch(State state, int[] tokens, int from, int batch, int startPosition, boolean last) {
        ModelShape shape = model.shape();
        Weights w = model.weights();
        int dim = shape.embeddingLength(), queryDim = shape.queryDim(), kvDim = shape.kvDim(), ffn = shape.feedForwardLength();
        int headSize = shape.headSize();
        float eps = shape.rmsNormEpsilon();
        Matmul matmul = state.matmul;
        KvCache kv = state.kv;
        PagedKvCache paged = state.paged;
        if (paged == null) kv.reserve(startPosition + batch);

        for (int t = 0; t < batch; t++) {
            w.tokenEmbeddingTable().gather((long) tokens[from + t] * dim, state.x, t * dim, dim);
            rope.angles(startPosition + t, state.cos, state.sin, t);
        }
        for (int l = 0; l < shape.blockCount(); l++) {
            LayerWeights layer = w.layers()[l];
            // attention rmsnorm
            rmsnorm(state.xb, state.x, layer.rmsAttWeight(), batch, dim, eps);
            // qkv matmuls (+ biases for qwen2)
            matmul.apply(state.xb, batch, dim, layer.wq(), state.q, queryDim, layer.wk(), state.k, kvDim, layer.wv(), state.v, kvDim);
            addBias(state.q, layer.bq(), batch, queryDim);
            addBias(state.k, layer.bk(), batch, kvDim);
            addBias(state.v, layer.bv(), batch, kvDim);
            for (int t = 0; t < batch; t++) {
                // RoPE on the queries and keys
                rope.rotate(state.q, t * queryDim, shape.headCount(), headSize, state.cos, state.sin, t);
                rope.rotate(state.k, t * kvDim, shape.headCountKv(), headSize, state.cos, state.sin, t);
                // save keys and values to the KV cache
                if (paged == null) kv.write(l, startPosition + t, state.k, t * kvDim, state.v, t * kvDim);
                else paged.write(l, startPosition + t, state.k, t * kvDim, state.v, t * kvDim);
            }
            // multihead attention over every position so far, causal within the batch
            if (paged == null) state.attention.apply(matmul.pool(), kv, l, state.q, state.xb, batch, startPosition);
            else paged.attend(matmul.pool(), l, state.q, state.xb, batch, startPosition); // over the pages its policy selects
            // attention output projection, then the residual connection
            matmul.apply(layer.wo(), state.xb, batch, state.xb2, dim, queryDim);
            add(state.x, state.xb2, batch * dim);
            // ffn rmsnorm
            rmsnorm(state.xb, state.x, layer.rmsFfnWeight(), batch, dim, eps);
            // SwiGLU: w2(silu(w1 x) * w3 x), then the residual connection
            matmul.apply(state.xb, batch, dim, layer.w1(), state.hb, ffn, layer.w3(), state.hb2, ffn);
            swiglu(state.hb, state.hb2, batch * ffn);
            matmul.apply(layer.w2(), state.hb, batch, state.xb2, dim, ffn);
            add(state.x, state.xb2, batch * dim);
        }
        if (paged == null) kv.commit(startPosition + batch);
        else paged.commit(startPosition + batch); // its policy may evict here
        if (last) {
            // final rmsnorm and classifier, on the last token only
            int lastRow = (batch - 1) * dim;
            rmsnorm(state.xb, 0, state.x, lastRow, w.rmsFinalWeight(), dim, eps);
            matmul.apply(w.wcls(), state.xb, 1, state.logits, shape.vocabularySize(), dim);
        }
    }

    private static void rmsnorm(float[] out, float[] x, float[] weight, int batch, int dim, float eps) {
        for (int t = 0; t < batch; t++) {
            rmsnorm(out, t * dim, x, t * dim, weight, dim, eps);
        }
    }

    static void rmsnorm(float[] out, int outOffset, float[] x, int xOffset, float[] weight, int dim, float eps) {
        double sumOfSquares = 0;
        for (int i = 0; i < dim; i++) {
            float v = x[xOffset + i];
            sumOfSquares += v * v;
        }
        float scale = (float) (1.0 / Math.sqrt(sumOfSquares / dim + eps));
        for (int i = 0; i < dim; i++) {
            out[outOffset + i] = weight[i] * (scale * x[xOffset + i]);
        }
    }

    private static void addBias(float[] y, float[] bias, int batch, int width) {
        if (bias == null) {
            return;
        }
        for (int t = 0; t < batch; t++) {
            for (int i = 0; i < width; i++) {
                y[t * width + i] += bias[i];
            }
        }
    }

    private static void add(float[] y, float[] x, int n) {
        for (int i = 0; i < n; i++) {
            y[i] += x[i];
        }
    }

    private static void swiglu(float[] gate, float[] up, int n) {
        for (int i = 0; i < n; i++) {
            float g = gate[i];
            gate[i] = g / (1f + (float) Math.exp(-g)) * up[i];
        }
    }
}
