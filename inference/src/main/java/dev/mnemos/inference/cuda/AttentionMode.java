package dev.mnemos.inference.cuda;

/**
 * What a decode step's attention reads: every page (dense), or, from layer {@code denseLayers} on, the
 * {@code budget} pages per query head that Quest's bounds rank highest (the CPU's
 * {@link dev.mnemos.inference.kv.policy.QuestPolicy} with the same numbers selects the same pages).
 *
 * @param budget      pages per query head; 0 for dense attention
 * @param denseLayers the first layers, attended densely whatever the budget
 */
public record AttentionMode(int budget, int denseLayers) {

    public static final AttentionMode DENSE = new AttentionMode(0, 0);

    public AttentionMode {
        if (budget < 0 || denseLayers < 0) throw new IllegalArgumentException("budget " + budget + ", dense layers " + denseLayers);
    }

    public static AttentionMode quest(int budget, int denseLayers) {
        if (budget <= 0) throw new IllegalArgumentException("Quest needs a budget of at least one page, not " + budget);
        return new AttentionMode(budget, denseLayers);
    }

    /** Whether a layer selects pages. */
    public boolean selects(int layer) {
        return budget > 0 && layer >= denseLayers;
    }

    public String describe() {
        return budget == 0 ? "dense" : "quest (" + budget + " pages per head, first " + denseLayers + " layers dense)";
    }
}
