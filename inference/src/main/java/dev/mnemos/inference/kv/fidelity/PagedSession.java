package dev.mnemos.inference.kv.fidelity;

import dev.mnemos.inference.compute.ComputePool;
import dev.mnemos.inference.kv.KvLayout;
import dev.mnemos.inference.kv.KvPolicy;
import dev.mnemos.inference.kv.PagedKvCache;
import dev.mnemos.inference.model.Model;
import dev.mnemos.inference.model.ModelShape;
import dev.mnemos.inference.model.State;
import dev.mnemos.inference.model.Transformer;

/** One sequence run through a {@link PagedKvCache} under one policy: prefill, then one token at a time. */
public final class PagedSession implements AutoCloseable {

    private final Transformer transformer;
    private final State state;
    private final PagedKvCache cache;
    private final int[] token = new int[1];

    public PagedSession(Model model, ComputePool pool, KvPolicy policy, int pageSize, int maxBatch) {
        this.transformer = new Transformer(model);
        this.state = transformer.newState(pool, 1, maxBatch);
        this.cache = new PagedKvCache(layout(model.shape(), pageSize), policy);
        state.usePagedKv(cache);
    }

    /** The paged layout of a model's KV cache. */
    public static KvLayout layout(ModelShape shape, int pageSize) {
        return new KvLayout(shape.blockCount(), shape.headCount(), shape.headCountKv(), shape.headSize(), pageSize);
    }

    public PagedKvCache cache() {
        return cache;
    }

    /** Runs {@code tokens[from .. from+count)} at the next positions; returns the logits of the last (the state's array). */
    public float[] feed(int[] tokens, int from, int count) {
        return transformer.forward(state, tokens, from, count, cache.length());
    }

    /** Runs one token at the next position. */
    public float[] step(int next) {
        token[0] = next;
        return transformer.forward(state, token, 0, 1, cache.length());
    }

    @Override
    public void close() {
        cache.close();
    }
}
