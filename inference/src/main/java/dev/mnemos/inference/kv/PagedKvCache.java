package dev.mnemos.inference.kv;

import dev.mnemos.inference.compute.ComputePool;
import java.util.ArrayDeque;
import java.util.Objects;

/**
 * A session's keys and values in pages of {@link KvLayout#pageSize()} tokens per (layer, KV head), with the
 * per-page metadata every {@link KvPolicy} reads, and the policy that decides what stays and what each query
 * attends to.
 *
 * <p>Positions: keys are stored as written, RoPE'd at their true position, and a query is rotated at its true
 * position, so whatever subset a policy keeps, every score is the one full attention would compute for that
 * pair; positions are never re-indexed. Offloaded pages keep their metadata here and move their keys and values
 * to host memory ({@link HostTier}), then, once the host tier is full, to a {@link DiskTier}.
 *
 * <p>Pages, and their storage, are pooled: a session whose resident size is steady allocates nothing.
 * Not thread-safe: one session drives one cache (attention itself runs on the pool's threads).
 */
public final class PagedKvCache implements AutoCloseable {

    private final KvLayout layout;
    private final KvStream[] streams; // (layer, kvHead)
    private final PagedAttention attention;
    private final ArrayDeque<KvPage> freePages = new ArrayDeque<>();
    private final ArrayDeque<float[]> freeArrays = new ArrayDeque<>();
    private final KvTier host;
    private final KvTier disk;
    private KvPolicy policy;
    private int length;
    private int round;
    private long residentPages;
    private long allocatedArrays;

    /** A cache that offloads to host memory only. */
    public PagedKvCache(KvLayout layout, KvPolicy policy) {
        this(layout, policy, new HostTier(layout.pageSize() * layout.headSize(), Integer.MAX_VALUE), null);
    }

    /** A cache that offloads to {@code host}, and to {@code disk} (may be null) once the host tier is full. */
    public PagedKvCache(KvLayout layout, KvPolicy policy, KvTier host, KvTier disk) {
        this.layout = Objects.requireNonNull(layout, "layout");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.host = Objects.requireNonNull(host, "host");
        this.disk = disk;
        this.streams = new KvStream[layout.layers() * layout.kvHeads()];
        for (int i = 0; i < streams.length; i++) streams[i] = new KvStream(this);
        this.attention = new PagedAttention(this);
    }

    public KvLayout layout() {
        return layout;
    }

    public KvPolicy policy() {
        return policy;
    }

    /** Switches policy (for measuring two policies on one cache: the new one sees what the old one kept). */
    public void policy(KvPolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    public KvStream stream(int layer, int kvHead) {
        return streams[layer * layout.kvHeads() + kvHead];
    }

    /** Positions written so far: the next token's position. Grows forever, whatever was evicted. */
    public int length() {
        return length;
    }

    /** The dialogue round the next written token belongs to. */
    public int round() {
        return round;
    }

    /** Starts a new dialogue round: tokens written from now on belong to it, in pages of their own. */
    public void markRound() {
        round++;
        for (KvStream stream : streams) stream.seal();
    }

    /** Writes one position's keys and values (kvDim each, all KV heads) in {@code layer}. */
    public void write(int layer, int position, float[] key, int keyOffset, float[] value, int valueOffset) {
        if (position < length) {
            throw new IllegalArgumentException("position " + position + " is already written (length " + length + "): truncate first");
        }
        int headSize = layout.headSize();
        for (int h = 0; h < layout.kvHeads(); h++) {
            stream(layer, h).append(position, round, key, keyOffset + h * headSize, value, valueOffset + h * headSize);
        }
    }

    /**
     * Attention of {@code tokens} queries (batch, headCount * headSize) at positions {@code startPosition ..}
     * over the pages the policy selects, causal, into {@code out}; then the policy's {@code afterAttention}.
     */
    public void attend(ComputePool pool, int layer, float[] q, float[] out, int tokens, int startPosition) {
        attention.apply(pool, layer, q, out, tokens, startPosition);
        policy.afterAttention(this, layer);
    }

    /** Marks positions up to {@code end} (exclusive) as written, then lets the policy evict. */
    public void commit(int end) {
        length = Math.max(length, end);
        policy.afterForward(this);
    }

    /** Says the prompt is in: one-shot policies select now. */
    public void endPrefill() {
        policy.afterPrefill(this);
    }

    /** Forgets positions from {@code newLength} on. */
    public void truncate(int newLength) {
        if (newLength < 0 || newLength > length) {
            throw new IllegalArgumentException("cannot truncate a cache of " + length + " positions to " + newLength);
        }
        for (KvStream stream : streams) {
            for (int p = 0; p < stream.pageCount(); p++) {
                KvPage page = stream.page(p);
                // an eviction moves the stream's last token into the slot: look at the slot again
                for (int slot = 0; p < stream.pageCount() && slot < page.size(); ) {
                    if (page.position(slot) >= newLength) stream.evict(p, slot);
                    else slot++;
                }
            }
        }
        length = newLength;
    }

    /** Moves a page's keys and values to host memory, or to disk when the host tier is full. */
    public void offload(KvPage page) {
        KvTier tier = host.hasRoom() || disk == null ? host : disk;
        if (!tier.hasRoom()) throw new IllegalStateException("no tier has room for another KV page");
        float[][] storage = page.offloadTo(tier);
        freeArrays.push(storage[0]);
        freeArrays.push(storage[1]);
        residentPages--;
    }

    /** Brings an offloaded page's keys and values back. */
    public void bringBack(KvPage page) {
        page.restore(array(), array());
        residentPages++;
    }

    /** Bytes of keys and values in resident pages (their full size, filled or not). */
    public long residentBytes() {
        return residentPages * layout.pageBytes();
    }

    /** Bytes of keys and values in the host and disk tiers. */
    public long offloadedBytes() {
        return host.bytesUsed() + (disk == null ? 0 : disk.bytesUsed());
    }

    /** Bytes of key/value storage ever allocated on the heap: flat when the resident size is. */
    public long allocatedBytes() {
        return allocatedArrays * layout.pageSize() * layout.headSize() * Float.BYTES;
    }

    /** Tokens held per stream, on average over every (layer, KV head). */
    public double tokensPerStream() {
        long sum = 0;
        for (KvStream stream : streams) sum += stream.tokens();
        return (double) sum / streams.length;
    }

    KvPage newPage() {
        KvPage page = freePages.isEmpty() ? new KvPage(layout.pageSize(), layout.headSize(), layout.group()) : freePages.pop();
        page.reset(array(), array());
        residentPages++;
        return page;
    }

    void releasePage(KvPage page) {
        float[][] storage = page.release();
        if (storage != null) {
            freeArrays.push(storage[0]);
            freeArrays.push(storage[1]);
            residentPages--;
        }
        freePages.push(page);
    }

    private float[] array() {
        if (!freeArrays.isEmpty()) return freeArrays.pop();
        allocatedArrays++;
        return new float[layout.pageSize() * layout.headSize()];
    }

    @Override
    public void close() {
        for (KvStream stream : streams) stream.clear();
        host.close();
        if (disk != null) disk.close();
    }
}
