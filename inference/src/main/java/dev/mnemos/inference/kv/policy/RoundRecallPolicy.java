package dev.mnemos.inference.kv.policy;

import dev.mnemos.inference.kv.KvPage;
import dev.mnemos.inference.kv.KvPolicy;
import dev.mnemos.inference.kv.KvScratch;
import dev.mnemos.inference.kv.KvStream;
import dev.mnemos.inference.kv.PagedKvCache;
import java.util.Arrays;

/**
 * Round-level recall (Round Attention, arXiv 2502.15294): the KV cache is kept per dialogue round
 * ({@link PagedKvCache#markRound()} gives each round pages of its own). Layers up to the {@code watershed} layer
 * attend to everything and stay resident. In the first forward pass of each round (its prompt), the watershed
 * layer's attention of the last prompt token is summed per earlier round, and the {@code topRounds} rounds with
 * the most mass, with the current round, are what the layers after the watershed attend to for the whole
 * round: their pages are brought back, the other rounds' pages of those layers are offloaded (host memory,
 * then disk). Nothing is evicted and positions are not touched.
 */
public final class RoundRecallPolicy implements KvPolicy {

    private final int watershed;
    private final int topRounds;
    private float[] roundMass = new float[64]; // (round)
    private boolean[] chosen = new boolean[64]; // (round): recalled for the layers after the watershed
    private int selectedFor = -1; // the round whose prompt chose the recalled rounds

    public RoundRecallPolicy(int watershed, int topRounds) {
        if (watershed < 0 || topRounds < 0) throw new IllegalArgumentException("watershed " + watershed + ", top rounds " + topRounds);
        this.watershed = watershed;
        this.topRounds = topRounds;
    }

    @Override
    public String name() {
        return "round-recall";
    }

    @Override
    public int select(PagedKvCache cache, int layer, int head, KvStream stream, float[] q, int queryOffset, boolean decoding, KvScratch scratch) {
        if (layer <= watershed) return KvPolicy.allResident(stream, scratch);
        KvPage[] into = scratch.pages(stream.pageCount());
        int n = 0;
        for (int i = 0; i < stream.pageCount(); i++) {
            KvPage page = stream.page(i);
            if (page.resident() && recalled(page.round(0), cache.round())) into[n++] = page;
        }
        return n;
    }

    private boolean recalled(int round, int current) {
        return round == current || (round < chosen.length && chosen[round]);
    }

    @Override
    public void afterAttention(PagedKvCache cache, int layer) {
        int current = cache.round();
        if (layer != watershed || current == selectedFor) return;
        selectedFor = current;
        if (roundMass.length <= current) {
            roundMass = new float[2 * current];
            chosen = new boolean[2 * current];
        }
        Arrays.fill(roundMass, 0f);
        Arrays.fill(chosen, false);
        for (int head = 0; head < cache.layout().kvHeads(); head++) {
            KvStream stream = cache.stream(watershed, head);
            for (int p = 0; p < stream.pageCount(); p++) {
                KvPage page = stream.page(p);
                for (int slot = 0; slot < page.size(); slot++) roundMass[page.round(slot)] += page.lastWeight(slot);
            }
        }
        choose(roundMass, current, topRounds, chosen);
        for (int l = watershed + 1; l < cache.layout().layers(); l++) {
            for (int head = 0; head < cache.layout().kvHeads(); head++) {
                KvStream stream = cache.stream(l, head);
                for (int p = 0; p < stream.pageCount(); p++) {
                    KvPage page = stream.page(p);
                    boolean wanted = recalled(page.round(0), current);
                    if (wanted && !page.resident()) cache.bringBack(page);
                    else if (!wanted && page.resident()) cache.offload(page);
                }
            }
        }
    }

    /**
     * Marks in {@code chosen} (cleared by the caller) the {@code topRounds} rounds before {@code current} with the most
     * mass, the earlier round first where two have the same: the choice this policy makes, and the CUDA backend's
     * round recall with it.
     */
    public static void choose(float[] roundMass, int current, int topRounds, boolean[] chosen) {
        for (int k = 0; k < Math.min(topRounds, current); k++) {
            int best = -1;
            for (int r = 0; r < current; r++) if (!chosen[r] && (best < 0 || roundMass[r] > roundMass[best])) best = r;
            chosen[best] = true;
        }
    }

    /** Whether {@code round} is recalled for the current round (for reports). */
    public boolean recalled(int round) {
        return round < chosen.length && chosen[round];
    }
}
