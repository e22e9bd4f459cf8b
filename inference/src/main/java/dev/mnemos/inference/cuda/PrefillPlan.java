package dev.mnemos.inference.cuda;

import dev.mnemos.inference.model.ModelShape;
import jcuda.Sizeof;
import jcuda.driver.CUdeviceptr;

/**
 * Builds the {@link LaunchPlan} of a prefill tile: {@code tokens} (1 to {@link DeviceMatrix#TILE}) consecutive
 * prompt tokens through Llama or Qwen2 at once. The matrices run as {@code matmul_*} over the whole tile, reading
 * each weight once for it rather than once per token; RMSNorm takes one row per token; the per-token steps (embedding
 * row, biases, RoPE, KV append, attention) run once per token, each with its own step record, so that token t's
 * attention reads the positions up to its own and no further (the tile's later keys are in the cache by then, but
 * past its length). Attention is dense, as the CPU prefills. Under sinks+window ({@link DeviceEviction.Kind#OLDEST})
 * the tile ends with {@code evict_oldest} at its last token's length, as the CPU's policy evicts after each forward
 * batch: a device tile is a CPU batch of {@link DeviceMatrix#TILE} tokens. Heavy hitters and SAGE-KV read per-token
 * weights that a tile does not record, so their tiles evict nothing. Optionally ends with the final norm and the
 * classifier of the tile's last token, into the decode buffers' logits.
 */
public final class PrefillPlan {

    private PrefillPlan() {}

    public static LaunchPlan build(CudaContext gpu, DecodePlan.ModelSide model, KvAddresses kv, DecodeBuffers d, PrefillBuffers b, int tokens,
                                   boolean logits) {
        return build(gpu, model, kv, d, b, tokens, logits, DeviceEviction.NONE);
    }

    /** A tile that evicts after its layers as {@code eviction} says (sinks+window only; see above). */
    public static LaunchPlan build(CudaContext gpu, DecodePlan.ModelSide model, KvAddresses kv, DecodeBuffers d, PrefillBuffers b, int tokens,
                                   boolean logits, DeviceEviction eviction) {
        if (tokens <= 0 || tokens > DeviceMatrix.TILE) throw new IllegalArgumentException("a tile holds 1 to " + DeviceMatrix.TILE + " tokens, not " + tokens);
        ModelShape s = model.shape();
        int dim = s.embeddingLength(), queryDim = s.queryDim(), kvDim = s.kvDim(), ffn = s.feedForwardLength();
        int heads = s.headCount(), kvHeads = s.headCountKv(), headSize = s.headSize();
        float eps = s.rmsNormEpsilon();
        float scale = (float) (1.0 / Math.sqrt(headSize));
        int neox = model.neox() ? 1 : 0;
        DeviceWeights w = model.weights();
        LaunchPlan plan = new LaunchPlan(gpu);

        for (int t = 0; t < tokens; t++) {
            plan.add("tokens", "embed", LaunchGeometry.elementwiseGrid(dim), 1, 256, w.embedding(), step(b, t), row(b.x(), t, dim), dim);
        }
        for (int l = 0; l < s.blockCount(); l++) {
            DeviceWeights.Layer layer = w.layers().get(l);
            CUdeviceptr table = kv.pageTable(l);
            plan.add("norm", "rmsnorm", tokens, 1, 1024, b.x(), layer.attentionNorm(), b.xb(), dim, eps);
            matmul(plan, layer.wq(), b.xb(), b.q(), tokens);
            matmul(plan, layer.wk(), b.xb(), b.k(), tokens);
            matmul(plan, layer.wv(), b.xb(), b.v(), tokens);
            for (int t = 0; t < tokens; t++) {
                DecodePlan.bias(plan, row(b.q(), t, queryDim), layer.bq(), queryDim);
                DecodePlan.bias(plan, row(b.k(), t, kvDim), layer.bk(), kvDim);
                DecodePlan.bias(plan, row(b.v(), t, kvDim), layer.bv(), kvDim);
                plan.add("rope", "rope", LaunchGeometry.elementwiseGrid(heads * model.pairs()), 1, 256, row(b.q(), t, queryDim), d.invFreq(), heads,
                        headSize, model.pairs(), step(b, t), neox);
                plan.add("rope", "rope", LaunchGeometry.elementwiseGrid(kvHeads * model.pairs()), 1, 256, row(b.k(), t, kvDim), d.invFreq(), kvHeads,
                        headSize, model.pairs(), step(b, t), neox);
                plan.add("attention", kv.kernel("kv_append"), kvHeads, 1, LaunchGeometry.headBlock(headSize), row(b.k(), t, kvDim), row(b.v(), t, kvDim), kv.keys(),
                        kv.values(), kv.min(), kv.max(), table, kv.maxPages(), step(b, t), headSize, kv.pageSize());
            }
            for (int t = 0; t < tokens; t++) {
                plan.add("attention", kv.kernel("attention_partial"), heads, d.splits(), 32 * LaunchGeometry.ATTENTION_WARPS, row(b.q(), t, queryDim), kv.keys(),
                        kv.values(), table, kv.maxPages(), d.selected(), 0, kv.live(l), step(b, t), heads, kvHeads, headSize, kv.pageSize(), scale, d.partialO(),
                        d.partialM(), d.partialL());
                plan.add("attention", "attention_combine", heads, 1, LaunchGeometry.headBlock(headSize), d.partialO(), d.partialM(), d.partialL(),
                        row(b.xb(), t, queryDim), d.splits(), headSize, d.stats());
            }
            matmul(plan, layer.wo(), b.xb(), b.xb2(), tokens);
            plan.add("activation", "residual_add", LaunchGeometry.elementwiseGrid(tokens * dim), 1, 256, b.x(), b.xb2(), tokens * dim);
            plan.add("norm", "rmsnorm", tokens, 1, 1024, b.x(), layer.ffnNorm(), b.xb(), dim, eps);
            matmul(plan, layer.gate(), b.xb(), b.hb(), tokens);
            matmul(plan, layer.up(), b.xb(), b.hb2(), tokens);
            plan.add("activation", "swiglu", LaunchGeometry.elementwiseGrid(tokens * ffn), 1, 256, b.hb(), b.hb2(), b.hb(), tokens * ffn);
            matmul(plan, layer.down(), b.hb(), b.xb2(), tokens);
            plan.add("activation", "residual_add", LaunchGeometry.elementwiseGrid(tokens * dim), 1, 256, b.x(), b.xb2(), tokens * dim);
        }
        if (evicts(eviction)) {
            int streams = s.blockCount() * kvHeads;
            plan.add("attention", "evict_oldest", (streams + 127) / 128, 1, 128, kv.live(), streams, kv.maxPages(), step(b, tokens - 1), kv.pageSize(),
                    eviction.budget(), eviction.bound());
        }
        if (logits) {
            plan.add("norm", "rmsnorm", 1, 1, 1024, row(b.x(), tokens - 1, dim), w.finalNorm(), d.xb(), dim, eps);
            DecodePlan.matvec(plan, w.output(), d.xb(), d.logits());
        }
        return plan;
    }

    /** Whether a tile evicts under {@code eviction}: only the oldest-first policies, which need no per-token weights. */
    public static boolean evicts(DeviceEviction eviction) {
        return eviction.kind() == DeviceEviction.Kind.OLDEST;
    }

    /** Row {@code t} of a (TILE, width) F32 buffer. */
    static CUdeviceptr row(CUdeviceptr buffer, int t, int width) {
        return buffer.withByteOffset((long) t * width * Sizeof.FLOAT);
    }

    private static CUdeviceptr step(PrefillBuffers b, int t) {
        return b.steps().withByteOffset((long) t * DecodeBuffers.STEP_INTS * Sizeof.INT);
    }

    private static void matmul(LaunchPlan plan, DeviceMatrix m, CUdeviceptr x, CUdeviceptr y, int tokens) {
        plan.add("matvec", m.matmulKernel(), m.gridX(), 1, m.block(), m.values(), x, y, m.rows(), m.cols(), tokens, m.split());
    }
}
