package dev.mnemos.inference.cuda;

/** Grid and block sizes of the decode step's kernels, where they depend on more than one number. */
final class LaunchGeometry {

    /** Warps per block of the paged attention and page scoring kernels. */
    static final int ATTENTION_WARPS = 4;
    /** Most splits of one head's pages (partials are heads x splits x headSize floats). */
    static final int MAX_SPLITS = 256;
    /** Pages a split should take at least, so that a split's fixed cost is spread over enough keys. */
    static final int PAGES_PER_SPLIT = 16;

    private LaunchGeometry() {}

    /**
     * Splits of the attention's pages: enough blocks for four per SM even with few heads, at least
     * {@link #PAGES_PER_SPLIT}-page splits for long lists, never more splits than pages listed.
     */
    static int splits(int listedPages, int heads, int multiprocessors) {
        if (listedPages <= 0 || heads <= 0 || multiprocessors <= 0) {
            throw new IllegalArgumentException("pages " + listedPages + ", heads " + heads + ", SMs " + multiprocessors);
        }
        int forOccupancy = (4 * multiprocessors + heads - 1) / heads;
        int forLength = (listedPages + PAGES_PER_SPLIT - 1) / PAGES_PER_SPLIT;
        return Math.max(1, Math.min(Math.min(MAX_SPLITS, listedPages), Math.max(forOccupancy, forLength)));
    }

    /** One thread per element in blocks of 256. */
    static int elementwiseGrid(int n) {
        return (n + 255) / 256;
    }

    /** One warp per (page, head): x covers maxPages in blocks of {@link #ATTENTION_WARPS} warps. */
    static int pageGrid(int maxPages) {
        return (maxPages + ATTENTION_WARPS - 1) / ATTENTION_WARPS;
    }

    /** Threads for a loop over one head's values (kv_append, attention_combine): a multiple of 32, at most 256. */
    static int headBlock(int headSize) {
        return Math.min(256, (headSize + 31) / 32 * 32);
    }
}
