package dev.mnemos.inference.cuda;

/**
 * What a decode step's attention reads: every page (dense); or, from layer {@code denseLayers} on, the
 * {@code budget} pages per query head that Quest's bounds rank highest (the CPU's
 * {@link dev.mnemos.inference.kv.policy.QuestPolicy} with the same numbers selects the same pages); or, when
 * {@code listed}, from layer {@code denseLayers} on, the {@code budget} logical pages the host wrote into the step's
 * list (round-level recall: {@link DeviceRoundRecall}), of which those past the cache's length are skipped.
 *
 * @param budget      pages per query head; 0 for dense attention
 * @param denseLayers the first layers, attended densely whatever the budget
 * @param listed      the pages come from the host's list, not from Quest's selection
 */
public record AttentionMode(int budget, int denseLayers, boolean listed) {

    public static final AttentionMode DENSE = new AttentionMode(0, 0, false);

    public AttentionMode {
        if (budget < 0 || denseLayers < 0) throw new IllegalArgumentException("budget " + budget + ", dense layers " + denseLayers);
    }

    public static AttentionMode quest(int budget, int denseLayers) {
        if (budget <= 0) throw new IllegalArgumentException("Quest needs a budget of at least one page, not " + budget);
        return new AttentionMode(budget, denseLayers, false);
    }

    /** The host's list of {@code pages} logical pages, attended by every query head of the layers from {@code denseLayers} on. */
    public static AttentionMode listed(int pages, int denseLayers) {
        if (pages <= 0) throw new IllegalArgumentException("a list of pages needs at least one, not " + pages);
        return new AttentionMode(pages, denseLayers, true);
    }

    /** Whether a layer attends to a list of pages (Quest's or the host's) rather than to every page. */
    public boolean lists(int layer) {
        return budget > 0 && layer >= denseLayers;
    }

    /** Whether a layer scores and selects pages by Quest's bounds. */
    public boolean selects(int layer) {
        return lists(layer) && !listed;
    }

    public String describe() {
        if (budget == 0) return "dense";
        return listed ? "listed (" + budget + " pages from layer " + denseLayers + " on)"
                : "quest (" + budget + " pages per head, first " + denseLayers + " layers dense)";
    }
}
