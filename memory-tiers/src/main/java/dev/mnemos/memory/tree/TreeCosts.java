package dev.mnemos.memory.tree;

/**
 * What a stored tree has cost so far.
 *
 * @param building every build and append written to the store, summed
 * @param walks how many walks were recorded
 * @param walking those walks, summed
 */
public record TreeCosts(LlmCost building, long walks, LlmCost walking) {

    public static final TreeCosts NONE = new TreeCosts(LlmCost.NONE, 0, LlmCost.NONE);
}
