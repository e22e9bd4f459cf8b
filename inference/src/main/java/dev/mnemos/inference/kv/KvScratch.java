package dev.mnemos.inference.kv;

/** Per-thread working arrays of paged attention and of the policies' page selection; they grow, never shrink. */
public final class KvScratch {

    private KvPage[] pages = new KvPage[16];
    private float[] scores = new float[256];
    private float[] chunkMax = new float[16];
    private float[] chunkWeight = new float[16];
    private float[] chunkSums = new float[256];
    private float[] floats = new float[16];
    private int[] ints = new int[16];

    /** Room for {@code n} selected pages (what {@link KvPolicy#select} fills). */
    public KvPage[] pages(int n) {
        if (pages.length < n) pages = new KvPage[Math.max(n, pages.length * 2)];
        return pages;
    }

    KvPage[] selected() {
        return pages;
    }

    float[] scores(int n) {
        if (scores.length < n) scores = new float[Math.max(n, scores.length * 2)];
        return scores;
    }

    /** Room for the largest scores of {@code n} chunks of keys (see {@code ChunkedSoftmax}). */
    float[] chunkMax(int n) {
        if (chunkMax.length < n) chunkMax = new float[Math.max(n, chunkMax.length * 2)];
        return chunkMax;
    }

    /** Room for the weight sums of {@code n} chunks. */
    float[] chunkWeight(int n) {
        if (chunkWeight.length < n) chunkWeight = new float[Math.max(n, chunkWeight.length * 2)];
        return chunkWeight;
    }

    /** Room for {@code n} floats of the chunks' weighted values. */
    float[] chunkSums(int n) {
        if (chunkSums.length < n) chunkSums = new float[Math.max(n, chunkSums.length * 2)];
        return chunkSums;
    }

    /** Free floats for a policy (e.g. page scores). */
    public float[] floats(int n) {
        if (floats.length < n) floats = new float[Math.max(n, floats.length * 2)];
        return floats;
    }

    /** Free ints for a policy (e.g. a heap of page indexes). */
    public int[] ints(int n) {
        if (ints.length < n) ints = new int[Math.max(n, ints.length * 2)];
        return ints;
    }
}
