package dev.mnemos.inference.kv;

/**
 * The keys and values a session has computed, (layer, position, kvDim), stored in pages of
 * {@link #PAGE_POSITIONS} positions that are allocated as the session grows (a page once allocated is
 * kept and reused, so steady-state decoding allocates nothing).
 *
 * <p>Readers go through {@link #keys(int, int)} / {@link #offset(int)} rather than one flat array, so that
 * pages can later move between tiers, carry key bounds, or be dropped by a policy without changing the
 * attention code. Positions past {@link #length()} hold stale data; truncating is just lowering the length.
 *
 * <p>This is the unpaged path. {@link PagedKvCache} is the paged one, with per-page metadata and a {@link KvPolicy};
 * under {@code full} it gives the same bits.
 */
public final class KvCache {

    public static final int PAGE_POSITIONS = 256;

    private final int layers;
    private final int kvDim;
    private final int capacity;
    private final KvPrecision precision;
    private final float[][][] keys; // (layer, page) -> (PAGE_POSITIONS, kvDim)
    private final float[][][] values; // (layer, page) -> (PAGE_POSITIONS, kvDim)
    private int length;

    public KvCache(int layers, int kvDim, int capacity, KvPrecision precision) {
        this.layers = layers;
        this.precision = precision;
        this.kvDim = kvDim;
        this.capacity = capacity;
        int pages = (capacity + PAGE_POSITIONS - 1) / PAGE_POSITIONS;
        this.keys = new float[layers][pages][];
        this.values = new float[layers][pages][];
    }

    /** Positions this cache can hold (the context length of the session). */
    public int capacity() {
        return capacity;
    }

    public KvPrecision precision() {
        return precision;
    }

    public int kvDim() {
        return kvDim;
    }

    /** Positions whose keys and values are valid: 0 .. length-1. */
    public int length() {
        return length;
    }

    /** Forgets positions from {@code newLength} on (a session's request that diverges from its history). */
    public void truncate(int newLength) {
        if (newLength < 0 || newLength > length) {
            throw new IllegalArgumentException("cannot truncate a cache of " + length + " positions to " + newLength);
        }
        length = newLength;
    }

    /** Makes room for positions up to {@code end} (exclusive), allocating pages that are missing. */
    public void reserve(int end) {
        if (end > capacity) {
            throw new IllegalArgumentException("position " + (end - 1) + " is past the context of " + capacity + " positions");
        }
        for (int page = 0; page * PAGE_POSITIONS < end; page++) {
            for (int layer = 0; layer < layers; layer++) {
                if (keys[layer][page] == null) {
                    keys[layer][page] = new float[PAGE_POSITIONS * kvDim];
                    values[layer][page] = new float[PAGE_POSITIONS * kvDim];
                }
            }
        }
    }

    /** Marks positions up to {@code end} (exclusive) as written. */
    public void commit(int end) {
        assert end <= capacity;
        length = Math.max(length, end);
    }

    /** The page holding keys of {@code position} in {@code layer}; the position's keys start at {@link #offset}. */
    public float[] keys(int layer, int position) {
        return keys[layer][position / PAGE_POSITIONS];
    }

    /** The page holding values of {@code position} in {@code layer}; the position's values start at {@link #offset}. */
    public float[] values(int layer, int position) {
        return values[layer][position / PAGE_POSITIONS];
    }

    /** Where {@code position}'s row starts inside its page. */
    public int offset(int position) {
        return (position % PAGE_POSITIONS) * kvDim;
    }

    /** Copies one position's key and value rows in, rounded to the cache's precision. */
    public void write(int layer, int position, float[] key, int keyOffset, float[] value, int valueOffset) {
        int at = offset(position);
        float[] keyPage = keys(layer, position), valuePage = values(layer, position);
        System.arraycopy(key, keyOffset, keyPage, at, kvDim);
        System.arraycopy(value, valueOffset, valuePage, at, kvDim);
        if (precision == KvPrecision.F16) {
            for (int i = at; i < at + kvDim; i++) {
                keyPage[i] = precision.round(keyPage[i]);
                valuePage[i] = precision.round(valuePage[i]);
            }
        }
    }
}
