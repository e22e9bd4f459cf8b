package dev.mnemos.inference.kv.policy;

import dev.mnemos.inference.kv.KvPolicy;
import dev.mnemos.inference.kv.PagedKvCache;

/**
 * Heavy hitters (H2O, arXiv 2306.14048): per KV head, keep the {@code recent} newest tokens and, of the rest,
 * the {@code heavy} tokens with the most attention mass accumulated over every query so far (summed over the
 * query heads of the group); after each forward pass the lowest-mass older token goes until the budget holds.
 * The prompt itself is attended in full, then cut to the budget, as in the paper. Positions are not touched.
 */
public final class HeavyHitterPolicy implements KvPolicy {

    private final int heavy;
    private final int recent;
    private final SlotScore massOutsideWindow;

    public HeavyHitterPolicy(int heavy, int recent) {
        if (heavy < 0 || recent <= 0) throw new IllegalArgumentException("heavy " + heavy + " and recent " + recent);
        this.heavy = heavy;
        this.recent = recent;
        this.massOutsideWindow = (page, slot, next) -> page.position(slot) >= next - recent ? Float.NaN : page.mass(slot);
    }

    @Override
    public String name() {
        return "heavy-hitters";
    }

    @Override
    public void afterForward(PagedKvCache cache) {
        Eviction.toBudget(cache, heavy + recent, massOutsideWindow);
    }

    @Override
    public boolean evicts() {
        return true;
    }
}
