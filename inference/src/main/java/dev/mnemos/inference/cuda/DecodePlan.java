package dev.mnemos.inference.cuda;

import dev.mnemos.inference.model.ModelShape;
import jcuda.driver.CUdeviceptr;

/**
 * Builds the {@link LaunchPlan} of one decode step of Llama or Qwen2, the CPU's Transformer step kernel by kernel:
 * embedding row, then per layer RMSNorm, q/k/v (+ biases), RoPE, KV append, (Quest scoring and selection,)
 * split-K paged attention, output projection, residual, RMSNorm, gate/up, SwiGLU, down, residual; then the final
 * RMSNorm and the classifier, and optionally argmax and the step's advance, so that a graph of it decodes token
 * after token without the host.
 */
public final class DecodePlan {

    /**
     * The model's side of a plan.
     *
     * @param shape   sizes
     * @param neox    RoPE pairs (i, i + pairs) rather than (2i, 2i + 1)
     * @param pairs   rotated pairs per head
     * @param weights uploaded weights
     */
    public record ModelSide(ModelShape shape, boolean neox, int pairs, DeviceWeights weights) {}

    /**
     * What the step ends with.
     *
     * @param logits  run the final norm and classifier (a step that only fills the cache may skip them)
     * @param argmaxInto where argmax writes the chosen token by position (null: no argmax)
     * @param advance move the step to the next position at the end
     */
    public record Ending(boolean logits, CUdeviceptr argmaxInto, boolean advance) {

        public Ending {
            if (argmaxInto != null && !logits) throw new IllegalArgumentException("argmax needs the logits");
        }

        /** Logits only: the host reads them. */
        public static final Ending LOGITS = new Ending(true, null, false);
    }

    /**
     * Round-level recall's scoring, after the attention of {@code layer}: the softmax mass each page got from the
     * step's query (per head), summed per dialogue round over every head into {@code roundMass}.
     *
     * @param pageRounds the round of each logical page (maxPages)
     * @param pageMass   (heads, maxPages)
     * @param roundMass  (rounds)
     */
    public record RoundScoring(int layer, int rounds, CUdeviceptr pageRounds, CUdeviceptr pageMass, CUdeviceptr roundMass) {}

    private DecodePlan() {}

    public static LaunchPlan build(CudaContext gpu, ModelSide model, KvAddresses kv, DecodeBuffers b, AttentionMode mode, Ending ending) {
        return build(gpu, model, kv, b, mode, ending, null);
    }

    public static LaunchPlan build(CudaContext gpu, ModelSide model, KvAddresses kv, DecodeBuffers b, AttentionMode mode, Ending ending,
                                   RoundScoring rounds) {
        return build(gpu, model, kv, b, mode, ending, rounds, DeviceEviction.NONE);
    }

    /** A step that also records per-token weights and evicts as {@code eviction} says (see {@link DeviceEviction}). */
    public static LaunchPlan build(CudaContext gpu, ModelSide model, KvAddresses kv, DecodeBuffers b, AttentionMode mode, Ending ending,
                                   RoundScoring rounds, DeviceEviction eviction) {
        ModelShape s = model.shape();
        int dim = s.embeddingLength(), queryDim = s.queryDim(), kvDim = s.kvDim(), ffn = s.feedForwardLength();
        int heads = s.headCount(), kvHeads = s.headCountKv(), headSize = s.headSize();
        if (headSize > 256) throw new IllegalArgumentException("the attention kernel takes heads of up to 256 values, not " + headSize);
        if (heads % kvHeads != 0) throw new IllegalArgumentException(heads + " heads over " + kvHeads + " KV heads");
        float eps = s.rmsNormEpsilon();
        float scale = (float) (1.0 / Math.sqrt(headSize));
        int neox = model.neox() ? 1 : 0;
        DeviceWeights w = model.weights();
        LaunchPlan plan = new LaunchPlan(gpu);

        plan.add("tokens", "embed", LaunchGeometry.elementwiseGrid(dim), 1, 256, w.embedding(), b.step(), b.x(), dim);
        // embed reads the token from the step; the history is where a prompt is laid out: see CudaTransformer.
        for (int l = 0; l < s.blockCount(); l++) {
            DeviceWeights.Layer layer = w.layers().get(l);
            CUdeviceptr table = kv.pageTable(l);
            plan.add("norm", "rmsnorm", 1, 1, 1024, b.x(), layer.attentionNorm(), b.xb(), dim, eps);
            matvec(plan, layer.wq(), b.xb(), b.q());
            matvec(plan, layer.wk(), b.xb(), b.k());
            matvec(plan, layer.wv(), b.xb(), b.v());
            bias(plan, b.q(), layer.bq(), queryDim);
            bias(plan, b.k(), layer.bk(), kvDim);
            bias(plan, b.v(), layer.bv(), kvDim);
            plan.add("rope", "rope", LaunchGeometry.elementwiseGrid(heads * model.pairs()), 1, 256, b.q(), b.invFreq(), heads, headSize, model.pairs(),
                    b.step(), neox);
            plan.add("rope", "rope", LaunchGeometry.elementwiseGrid(kvHeads * model.pairs()), 1, 256, b.k(), b.invFreq(), kvHeads, headSize,
                    model.pairs(), b.step(), neox);
            plan.add("attention", kv.kernel("kv_append"), kvHeads, 1, LaunchGeometry.headBlock(headSize), b.k(), b.v(), kv.keys(), kv.values(), kv.min(),
                    kv.max(), table, kv.maxPages(), b.step(), headSize, kv.pageSize());
            int budget = mode.lists(l) ? mode.budget() : 0;
            CUdeviceptr pages = mode.listed() ? b.listed() : b.selected();
            if (mode.selects(l)) {
                plan.add("attention", "quest_score", LaunchGeometry.pageGrid(kv.maxPages()), heads, 32 * LaunchGeometry.ATTENTION_WARPS, b.q(),
                        kv.min(), kv.max(), table, kv.maxPages(), b.step(), heads, kvHeads, headSize, kv.pageSize(), b.scores());
                plan.add("attention", "quest_select", heads, 1, 256, b.scores(), kv.maxPages(), b.step(), kv.pageSize(), budget, b.selected());
            }
            plan.add("attention", kv.kernel("attention_partial"), heads, b.splits(), 32 * LaunchGeometry.ATTENTION_WARPS, b.q(), kv.keys(), kv.values(), table,
                    kv.maxPages(), pages, budget, kv.live(l), b.step(), heads, kvHeads, headSize, kv.pageSize(), scale, b.partialO(), b.partialM(),
                    b.partialL());
            plan.add("attention", "attention_combine", heads, 1, LaunchGeometry.headBlock(headSize), b.partialO(), b.partialM(), b.partialL(), b.xb(),
                    b.splits(), headSize, b.stats());
            if (rounds != null && rounds.layer() == l) {
                plan.add("attention", kv.kernel("page_mass"), LaunchGeometry.pageGrid(kv.maxPages()), heads, 32 * LaunchGeometry.ATTENTION_WARPS, b.q(),
                        kv.keys(), table, kv.maxPages(), b.step(), heads, kvHeads, headSize, kv.pageSize(), scale, b.stats(), rounds.pageMass());
                plan.add("attention", "round_mass", rounds.rounds(), 1, 256, rounds.pageMass(), rounds.pageRounds(), kv.maxPages(), b.step(),
                        kv.pageSize(), heads, rounds.roundMass());
            }
            if (eviction.weights()) {
                plan.add("attention", kv.kernel("slot_weights"), LaunchGeometry.pageGrid(kv.maxPages()), kvHeads, 32 * LaunchGeometry.ATTENTION_WARPS, b.q(),
                        kv.keys(), table, kv.live(l), kv.maxPages(), b.step(), heads, kvHeads, headSize, kv.pageSize(), scale, b.stats(), kv.last(l),
                        kv.mass(l));
            }
            if (eviction.kind() == DeviceEviction.Kind.LIGHTEST) {
                plan.add("attention", "evict_lightest", kvHeads, 1, 256, kv.live(l), kv.mass(l), kv.maxPages(), b.step(), kv.pageSize(),
                        eviction.budget(), eviction.bound());
            }
            matvec(plan, layer.wo(), b.xb(), b.xb2());
            plan.add("activation", "residual_add", LaunchGeometry.elementwiseGrid(dim), 1, 256, b.x(), b.xb2(), dim);
            plan.add("norm", "rmsnorm", 1, 1, 1024, b.x(), layer.ffnNorm(), b.xb(), dim, eps);
            matvec(plan, layer.gate(), b.xb(), b.hb());
            matvec(plan, layer.up(), b.xb(), b.hb2());
            plan.add("activation", "swiglu", LaunchGeometry.elementwiseGrid(ffn), 1, 256, b.hb(), b.hb2(), b.hb(), ffn);
            matvec(plan, layer.down(), b.hb(), b.xb2());
            plan.add("activation", "residual_add", LaunchGeometry.elementwiseGrid(dim), 1, 256, b.x(), b.xb2(), dim);
        }
        if (eviction.kind() == DeviceEviction.Kind.OLDEST) {
            int streams = s.blockCount() * kvHeads;
            plan.add("attention", "evict_oldest", (streams + 127) / 128, 1, 128, kv.live(), streams, kv.maxPages(), b.step(), kv.pageSize(),
                    eviction.budget(), eviction.bound());
        }
        if (ending.logits()) {
            plan.add("norm", "rmsnorm", 1, 1, 1024, b.x(), w.finalNorm(), b.xb(), dim, eps);
            matvec(plan, w.output(), b.xb(), b.logits());
        }
        if (ending.argmaxInto() != null) {
            plan.add("tokens", "argmax", 1, 1, 1024, b.logits(), s.vocabularySize(), b.step(), ending.argmaxInto());
        }
        if (ending.advance()) {
            plan.add("tokens", "advance", 1, 1, 1, b.step(), b.history());
        }
        return plan;
    }

    static void matvec(LaunchPlan plan, DeviceMatrix m, CUdeviceptr x, CUdeviceptr y) {
        plan.add("matvec", m.matvecKernel(), m.gridX(), 1, m.block(), m.values(), x, y, m.rows(), m.cols(), m.split());
    }

    static void bias(LaunchPlan plan, CUdeviceptr y, CUdeviceptr bias, int n) {
        if (bias != null) plan.add("activation", "residual_add", LaunchGeometry.elementwiseGrid(n), 1, 256, y, bias, n);
    }
}
