package dev.mnemos.inference.kv.policy;

import dev.mnemos.inference.kv.KvPage;
import dev.mnemos.inference.kv.KvPolicy;
import dev.mnemos.inference.kv.KvStream;
import dev.mnemos.inference.kv.PagedKvCache;
import java.util.Arrays;

/**
 * One-shot selection after prefill (SAGE-KV, arXiv 2503.08879): when the prompt is in, each KV head of each
 * layer keeps the {@code sinks} first positions, the last {@code window} prompt tokens, and the
 * {@code selected} tokens between them to which the prompt's last query gave the most weight (summed over the
 * head's query group: the token level, done per head: the head level); the rest is evicted once. While
 * decoding, new tokens join the window and its oldest one leaves, so the cache stays at
 * {@code sinks + selected + window}. Positions are not touched.
 */
public final class SageKvPolicy implements KvPolicy {

    private final int sinks;
    private final int selected;
    private final int window;
    private float[] weights = new float[0]; // candidates' weights, for the one-shot threshold
    private int boundary = -1; // first position of the window once the prompt is in
    private final SlotScore oldestInWindow;

    public SageKvPolicy(int sinks, int selected, int window) {
        if (sinks < 0 || selected < 0 || window <= 0) {
            throw new IllegalArgumentException("sinks " + sinks + ", selected " + selected + ", window " + window);
        }
        this.sinks = sinks;
        this.selected = selected;
        this.window = window;
        this.oldestInWindow = (page, slot, next) -> page.position(slot) < boundary ? Float.NaN : page.position(slot);
    }

    @Override
    public String name() {
        return "sage-kv";
    }

    @Override
    public void afterPrefill(PagedKvCache cache) {
        boundary = Math.max(sinks, cache.length() - window);
        for (int layer = 0; layer < cache.layout().layers(); layer++) {
            for (int head = 0; head < cache.layout().kvHeads(); head++) {
                select(cache.stream(layer, head));
            }
        }
    }

    private void select(KvStream stream) {
        int candidates = 0;
        for (int p = 0; p < stream.pageCount(); p++) {
            KvPage page = stream.page(p);
            for (int slot = 0; slot < page.size(); slot++) {
                if (candidate(page, slot)) {
                    if (candidates == weights.length) weights = Arrays.copyOf(weights, Math.max(64, 2 * weights.length));
                    weights[candidates++] = page.lastWeight(slot);
                }
            }
        }
        if (candidates <= selected) return;
        float threshold = threshold(weights, candidates, selected);
        for (int p = 0; p < stream.pageCount(); p++) {
            KvPage page = stream.page(p);
            // an eviction moves the stream's last token into the slot: look at the slot again
            for (int slot = 0; p < stream.pageCount() && slot < page.size(); ) {
                if (candidate(page, slot) && page.lastWeight(slot) < threshold) stream.evict(p, slot);
                else slot++;
            }
        }
    }

    /**
     * The weight a candidate needs to stay: the {@code selected}-th largest of the first {@code candidates} weights
     * (sorted in place); a candidate below it is evicted, so ties at it all stay. The CUDA backend's SAGE-KV uses it too.
     */
    public static float threshold(float[] weights, int candidates, int selected) {
        Arrays.sort(weights, 0, candidates);
        return selected == 0 ? Float.POSITIVE_INFINITY : weights[candidates - selected];
    }

    private boolean candidate(KvPage page, int slot) {
        return page.position(slot) >= sinks && page.position(slot) < boundary;
    }

    @Override
    public void afterForward(PagedKvCache cache) {
        if (boundary >= 0) Eviction.toBudget(cache, sinks + selected + window, oldestInWindow);
    }

    @Override
    public boolean evicts() {
        return true;
    }
}
