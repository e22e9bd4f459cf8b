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
        return scores = room(scores, n);
    }

    /** Room for the largest scores of {@code n} chunks of keys (see {@code ChunkedSoftmax}). */
    float[] chunkMax(int n) {
        return chunkMax = room(chunkMax, n);
    }

    /** Room for the weight sums of {@code n} chunks. */
    float[] chunkWeight(int n) {
        return chunkWeight = room(chunkWeight, n);
    }

    /** Room for {@code n} floats of the chunks' weighted values. */
    float[] chunkSums(int n) {
        return chunkSums = room(chunkSums, n);
    }

    /** Free floats for a policy (e.g. page scores). */
    public float[] floats(int n) {
        return floats = room(floats, n);
    }

    /** {@code a}, or a new array of at least {@code n} and twice its length when it holds fewer. */
    private static float[] room(float[] a, int n) {
        return a.length < n ? new float[Math.max(n, a.length * 2)] : a;
    }

    /** Free ints for a policy (e.g. a heap of page indexes). */
    public int[] ints(int n) {
        if (ints.length < n) ints = new int[Math.max(n, ints.length * 2)];
        return ints;
    }
}
