package dev.mnemos.inference.kv;

/**
 * The shape of a {@link PagedKvCache}: one stream of pages per (layer, KV head).
 *
 * @param layers    transformer blocks
 * @param headCount query heads
 * @param kvHeads   key/value heads (a divisor of headCount: grouped-query attention)
 * @param headSize  width of one head
 * @param pageSize  token slots per page (16 or 32 for the policies)
 */
public record KvLayout(int layers, int headCount, int kvHeads, int headSize, int pageSize) {

    public KvLayout {
        if (layers <= 0 || headCount <= 0 || kvHeads <= 0 || headSize <= 0 || pageSize <= 0) {
            throw new IllegalArgumentException("KV layout has a size that is not positive: " + layers + " layers, " + headCount + " heads, "
                    + kvHeads + " kv heads, head size " + headSize + ", page size " + pageSize);
        }
        if (headCount % kvHeads != 0) {
            throw new IllegalArgumentException(headCount + " heads are not a multiple of " + kvHeads + " kv heads");
        }
    }

    /** Query heads that share one KV head. */
    public int group() {
        return headCount / kvHeads;
    }

    /** Width of one position's keys (or values) over all KV heads. */
    public int kvDim() {
        return kvHeads * headSize;
    }

    /** Bytes of keys and values one page holds when full (F32). */
    public long pageBytes() {
        return 2L * pageSize * headSize * Float.BYTES;
    }
}
