package dev.mnemos.inference.cuda;

import dev.mnemos.inference.kv.KvPrecision;
import dev.mnemos.inference.model.Architecture;
import dev.mnemos.inference.model.Model;
import dev.mnemos.inference.model.ModelShape;
import java.util.HashMap;
import java.util.Map;
import jcuda.driver.CUdeviceptr;

/**
 * The decode step of Llama and Qwen2 on a GPU: the model's weights uploaded once, the KV cache in device pages
 * ({@link DeviceKv}), one sequence's buffers, and a {@link LaunchPlan} per kind of step, captured into a CUDA graph
 * on first use. A prompt goes in tiles of {@link DeviceMatrix#TILE} tokens ({@link #prefill}, {@link PrefillPlan}),
 * decoding one token at a time.
 * Not thread-safe: the context is current on the thread that opened it.
 */
public final class CudaTransformer implements AutoCloseable {

    private record Key(AttentionMode mode, DecodePlan.Ending ending, DeviceEviction eviction) {}

    /** A prefill plan: tokens in the tile, whether it ends with the last token's logits, and what it evicts. */
    private record TileKey(int tokens, boolean logits, DeviceEviction eviction) {}

    private final CudaContext gpu;
    private final ModelShape shape;
    private final DecodePlan.ModelSide side;
    private final DeviceKv kv;
    private final DecodeBuffers buffers;
    private final int context;
    private final Map<Key, LaunchPlan> plans = new HashMap<>();
    private final Map<Key, LaunchPlan.Graph> graphs = new HashMap<>();
    private final Map<TileKey, LaunchPlan> tilePlans = new HashMap<>();
    private final Map<TileKey, LaunchPlan.Graph> tileGraphs = new HashMap<>();
    private PrefillBuffers tile;
    private String graphFailure;
    private DeviceEviction eviction = DeviceEviction.NONE;
    private int position; // of the step {@link #at} set, as the device's step record moves on

    /**
     * @param context   positions the KV cache holds
     * @param pageSize  slots per KV page (16, as the CPU policies use)
     * @param maxBudget the largest Quest budget a plan of this transformer will use (0: dense only)
     */
    public CudaTransformer(CudaContext gpu, Model model, int context, int pageSize, int maxBudget) {
        this(gpu, model, context, pageSize, maxBudget, KvPrecision.F32);
    }

    /** As above, with the KV cache's keys and values stored in {@code precision} (F32 or F16). */
    public CudaTransformer(CudaContext gpu, Model model, int context, int pageSize, int maxBudget, KvPrecision precision) {
        this(gpu, model, context, pageSize, maxBudget, precision, MatrixLayout.BLOCKS);
    }

    /** As above, with the matrices uploaded in {@code layout} (GpuCheck compares the layouts' kernels). */
    public CudaTransformer(CudaContext gpu, Model model, int context, int pageSize, int maxBudget, KvPrecision precision, MatrixLayout layout) {
        this(gpu, model, context, pageSize, maxBudget, precision, layout, 0);
    }

    /**
     * As above, with the KV cache's device pool of {@code pool} pages (0: a page for every logical page; fewer for an
     * evicting policy, as {@link DevicePager#pool} counts them): pages are mapped as the steps reach them and taken
     * back once the eviction in force has emptied them.
     */
    public CudaTransformer(CudaContext gpu, Model model, int context, int pageSize, int maxBudget, KvPrecision precision, MatrixLayout layout,
                           int pool) {
        this.gpu = gpu;
        this.shape = model.shape();
        this.context = context;
        int pairs = model.rope().dimensionCount() / 2;
        this.side = new DecodePlan.ModelSide(shape, model.architecture().ropeStyle() != Architecture.RopeStyle.ADJACENT_PAIRS, pairs,
                DeviceWeights.upload(gpu, model, layout));
        this.kv = new DeviceKv(gpu, shape.blockCount(), shape.headCountKv(), shape.headSize(), pageSize, context, precision, pool);
        int listed = Math.max(kv.maxPages(), 1);
        int splits = LaunchGeometry.splits(listed, shape.headCount(), gpu.device().multiprocessors());
        double[] invFreq = model.rope().inverseFrequencies(model.weights().ropeFrequencyFactors());
        this.buffers = DecodeBuffers.allocate(gpu, shape, invFreq, kv.maxPages(), context, maxBudget, splits);
    }

    public DeviceWeights weights() {
        return side.weights();
    }

    public DeviceKv kv() {
        return kv;
    }

    public DecodeBuffers buffers() {
        return buffers;
    }

    public int context() {
        return context;
    }

    /**
     * What the steps from now on evict after they run (none at first); prefill tiles evict only under sinks+window,
     * after each tile ({@link PrefillPlan}).
     */
    public void keep(DeviceEviction eviction) {
        this.eviction = java.util.Objects.requireNonNull(eviction);
    }

    /** The plan of a kind of step under the eviction in force (built once). */
    public LaunchPlan plan(AttentionMode mode, DecodePlan.Ending ending) {
        if (mode.budget() > 0 && !mode.listed() && !kv.table().full() && eviction.kind() != DeviceEviction.Kind.NONE) {
            // quest_score reads the bounds of every page up to the length, emptied ones too, whose device pages are gone
            throw new IllegalStateException("Quest reads every page's bounds, so it cannot run while eviction frees device pages: " + mode.describe());
        }
        return plans.computeIfAbsent(new Key(mode, ending, eviction),
                k -> DecodePlan.build(gpu, side, kv.addresses(), buffers, k.mode(), k.ending(), null, k.eviction()));
    }

    /** The graph of a kind of step under the eviction in force (captured once). */
    public LaunchPlan.Graph graph(AttentionMode mode, DecodePlan.Ending ending) {
        return graphs.computeIfAbsent(new Key(mode, ending, eviction), k -> plan(k.mode(), k.ending()).capture());
    }

    /**
     * The step as one launch: its CUDA graph, or, if this driver refused to capture one, the plan launched kernel by
     * kernel ({@link #graphFailure()} says why).
     */
    public Runnable step(AttentionMode mode, DecodePlan.Ending ending) {
        if (graphFailure == null) {
            try {
                return graph(mode, ending)::launch;
            } catch (jcuda.CudaException e) {
                graphFailure = e.getMessage();
            }
        }
        return plan(mode, ending)::run;
    }

    /** Why graph capture failed, or null while it works. */
    public String graphFailure() {
        return graphFailure;
    }

    /** Sets the step to run {@code token} at {@code position} (the cache then holds position + 1 positions). */
    public void at(int token, int position) {
        if (position < 0 || position >= context) {
            throw new IllegalArgumentException("position " + position + " is outside the device KV cache of " + context + " positions");
        }
        gpu.write(buffers.step(), new int[] {token, position, position + 1, 0});
        this.position = position;
    }

    /** Before each step: its position's page has a device page (a pooled cache maps it when the step opens it). */
    private void opening(int steps) {
        if (position + steps > context) {
            throw new IllegalArgumentException(steps + " steps from position " + position + " pass the device KV cache of " + context + " positions");
        }
        kv.write(position, position + steps);
    }

    /** Runs one token and returns its logits (a host round trip: for checks and for sampling on the host). */
    public float[] forward(int token, int position, AttentionMode mode, boolean graph) {
        at(token, position);
        opening(1);
        if (graph) step(mode, DecodePlan.Ending.LOGITS).run();
        else plan(mode, DecodePlan.Ending.LOGITS).run();
        return gpu.download(buffers.logits(), shape.vocabularySize());
    }

    /** Lays tokens out in the history from {@code position} on (a prompt, for {@link #fill}). */
    public void history(int position, int[] tokens) {
        if (position < 0 || position + tokens.length > context + 1) {
            throw new IllegalArgumentException(tokens.length + " tokens from position " + position + " do not fit a context of " + context);
        }
        gpu.write(buffers.history().withByteOffset((long) position * Integer.BYTES), tokens);
    }

    public int[] history(int positions) {
        return gpu.downloadInts(buffers.history(), positions);
    }

    /**
     * Writes the keys and values of the history's tokens at positions {@code from .. to} into the cache, one graph
     * launch per token and no host work in between; returns with the work queued.
     */
    public void fill(int from, int to, AttentionMode mode) {
        int[] first = gpu.downloadInts(buffers.history().withByteOffset((long) from * Integer.BYTES), 1);
        at(first[0], from);
        Runnable step = step(mode, new DecodePlan.Ending(false, null, true));
        for (int p = from; p < to; p++) {
            opening(1);
            step.run();
            position++;
        }
    }

    /**
     * Writes the keys and values of {@code count} prompt tokens at positions {@code from ..} into the cache, a tile of
     * up to {@link DeviceMatrix#TILE} tokens per launch ({@link PrefillPlan}: each weight read once per tile), and
     * returns the logits of the last one when {@code logits} (else null, with the work queued). The decode step is
     * left as it was: {@link #at} sets the next one.
     */
    public float[] prefill(int[] tokens, int offset, int count, int from, boolean logits) {
        if (count <= 0 || offset < 0 || offset + count > tokens.length) {
            throw new IllegalArgumentException(count + " tokens from " + offset + " of " + tokens.length);
        }
        if (from < 0 || from + count > context) {
            throw new IllegalArgumentException(count + " tokens from position " + from + " do not fit the device KV cache of " + context + " positions");
        }
        if (tile == null) tile = PrefillBuffers.allocate(gpu, shape);
        DeviceEviction tileEviction = PrefillPlan.evicts(eviction) ? eviction : DeviceEviction.NONE;
        if (tileEviction == DeviceEviction.NONE) kv.write(from, from + count); // else page by page, as the tiles evict
        for (int done = 0; done < count; done += DeviceMatrix.TILE) {
            int n = Math.min(DeviceMatrix.TILE, count - done);
            kv.write(from + done, from + done + n);
            gpu.write(tile.steps(), PrefillBuffers.stepRecords(tokens, offset + done, n, from + done));
            tileStep(new TileKey(n, logits && done + n == count, tileEviction)).run();
        }
        return logits ? gpu.download(buffers.logits(), shape.vocabularySize()) : null;
    }

    /** A tile's plan as one launch: its graph, or launch by launch if this driver refused a capture. */
    private Runnable tileStep(TileKey key) {
        LaunchPlan plan = tilePlans.computeIfAbsent(key,
                k -> PrefillPlan.build(gpu, side, kv.addresses(), buffers, tile, k.tokens(), k.logits(), k.eviction()));
        if (graphFailure == null) {
            try {
                return tileGraphs.computeIfAbsent(key, k -> plan.capture())::launch;
            } catch (jcuda.CudaException e) {
                graphFailure = e.getMessage();
            }
        }
        return plan::run;
    }

    /**
     * Greedy decoding on the device from the step set by {@link #at}: {@code steps} tokens, each chosen by argmax
     * into the history and fed to the next step; returns with the work queued.
     */
    public void generate(int steps, AttentionMode mode) {
        Runnable step = step(mode, new DecodePlan.Ending(true, buffers.history(), true));
        for (int i = 0; i < steps; i++) {
            opening(1); // reads the live words, and so waits for the queued steps, only when the step opens a page
            step.run();
            position++;
        }
    }

    /**
     * Runs one step and returns round-level recall's score of each dialogue round at {@code layer}: the softmax mass
     * the step's query heads gave the round's pages ({@code roundOfPage}: the round of each logical page). The layers
     * up to {@code layer} attend densely; later ones as {@code mode} says (the recall in force, whose offloaded pages
     * must not be read). The host then recalls the best rounds ({@link DeviceRoundRecall}).
     */
    public float[] roundMass(int token, int position, int layer, int[] roundOfPage, int rounds, AttentionMode mode) {
        if (mode.lists(layer)) throw new IllegalArgumentException("round scores need dense attention at layer " + layer + ", not " + mode.describe());
        int[] table = java.util.Arrays.copyOf(roundOfPage, kv.maxPages());
        kv.rounds(table);
        CUdeviceptr pageMass = gpu.allocate((long) shape.headCount() * kv.maxPages() * Float.BYTES);
        CUdeviceptr roundMass = gpu.allocate((long) rounds * Float.BYTES);
        if (!kv.table().full()) throw new IllegalStateException("round scores read every page, so they need a device page for every logical page");
        LaunchPlan plan = DecodePlan.build(gpu, side, kv.addresses(), buffers, mode, DecodePlan.Ending.LOGITS,
                new DecodePlan.RoundScoring(layer, rounds, kv.pageRounds(), pageMass, roundMass));
        at(token, position);
        opening(1);
        plan.run();
        return gpu.download(roundMass, rounds);
    }

    /**
     * Writes the host's list of logical pages for {@link AttentionMode#listed} steps: the same pages for every query
     * head, at {@code head * pages.length}, as attention_partial reads a list of that length.
     */
    public void listPages(int[] pages) {
        if (pages.length == 0 || pages.length > kv.maxPages()) {
            throw new IllegalArgumentException(pages.length + " listed pages; the cache has " + kv.maxPages() + " per stream");
        }
        int[] perHead = new int[shape.headCount() * pages.length];
        for (int h = 0; h < shape.headCount(); h++) System.arraycopy(pages, 0, perHead, h * pages.length, pages.length);
        gpu.write(buffers.listed(), perHead);
    }

    public void synchronize() {
        gpu.synchronize();
    }

    @Override
    public void close() {
        for (LaunchPlan.Graph g : graphs.values()) g.close();
        graphs.clear();
        for (LaunchPlan.Graph g : tileGraphs.values()) g.close();
        tileGraphs.clear();
        // the buffers and weights are the context's allocations, freed when it closes
    }

    CUdeviceptr logits() {
        return buffers.logits();
    }
}
