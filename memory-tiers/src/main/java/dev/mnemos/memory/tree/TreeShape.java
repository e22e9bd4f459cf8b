package dev.mnemos.memory.tree;

/**
 * How a summary tree is cut: the size of its leaf segments and how many children each summary
 * node covers.
 *
 * @param segmentTokens the most tokens one leaf segment holds, at least 16
 * @param fanOut how many children one summary node summarizes, at least 2
 */
public record TreeShape(int segmentTokens, int fanOut) {

    /** MemWalker's own choice: segments of about 1,000 tokens, five children per node. */
    public static final TreeShape DEFAULT = new TreeShape(1000, 5);

    public TreeShape {
        if (segmentTokens < 16) {
            throw new IllegalArgumentException("segmentTokens must be at least 16, got " + segmentTokens);
        }
        if (fanOut < 2) {
            throw new IllegalArgumentException("fanOut must be at least 2, got " + fanOut);
        }
    }
}
