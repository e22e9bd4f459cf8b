package dev.mnemos.kernel.pager;

/**
 * When the pager acts, as fractions of the context window's token limit.
 *
 * @param warning past this the kernel raises memory pressure (default 0.70)
 * @param flush at or past this the kernel evicts the oldest messages (default 1.00)
 * @param evictTo eviction goes on until the window is at or below this (default 0.50)
 * @param summary when the recursive summary passes this share of the window it is summarized again (default 0.15)
 */
public record PagerThresholds(double warning, double flush, double evictTo, double summary) {

    public static final PagerThresholds DEFAULT = new PagerThresholds(0.70, 1.00, 0.50, 0.15);

    public PagerThresholds {
        if (!(0 < evictTo && evictTo < warning && warning <= flush)) {
            throw new IllegalArgumentException("thresholds must satisfy 0 < evictTo < warning <= flush, got evictTo="
                    + evictTo + ", warning=" + warning + ", flush=" + flush);
        }
        if (!(0 < summary && summary < evictTo)) {
            throw new IllegalArgumentException("the summary share must be in (0, evictTo), got " + summary);
        }
    }
}
