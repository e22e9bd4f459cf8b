package dev.mnemos.inference.model;

import dev.mnemos.inference.tensor.FloatTensor;

/**
 * One transformer block's weights, named as in llama2.c / GGUF ({@code blk.N.*}). Matrices are
 * (rows, cols) = (out, in); biases are null where the architecture has none.
 *
 * @param rmsAttWeight {@code attn_norm} (dim)
 * @param wq           {@code attn_q} (queryDim, dim)
 * @param wk           {@code attn_k} (kvDim, dim)
 * @param wv           {@code attn_v} (kvDim, dim)
 * @param wo           {@code attn_output} (dim, queryDim)
 * @param bq           {@code attn_q.bias} (queryDim) or null
 * @param bk           {@code attn_k.bias} (kvDim) or null
 * @param bv           {@code attn_v.bias} (kvDim) or null
 * @param rmsFfnWeight {@code ffn_norm} (dim)
 * @param w1           {@code ffn_gate} (ffn, dim)
 * @param w2           {@code ffn_down} (dim, ffn)
 * @param w3           {@code ffn_up} (ffn, dim)
 */
public record LayerWeights(
        float[] rmsAttWeight,
        FloatTensor wq,
        FloatTensor wk,
        FloatTensor wv,
        FloatTensor wo,
        float[] bq,
        float[] bk,
        float[] bv,
        float[] rmsFfnWeight,
        FloatTensor w1,
        FloatTensor w2,
        FloatTensor w3) {}
