package dev.mnemos.inference.kv;

/** Per-thread working arrays of paged attention and of the policies' page selection; they grow, never shrink. */
public final class KvScratch {

    private KvPage[] pages = new KvPage[16];
    private float[] scores = new float[256];
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
