package dev.mnemos.inference.kv;

/**
 * Up to {@code pageSize} token slots of one (layer, KV head): the RoPE'd keys and the values, and the metadata
 * the policies read, kept up to date on every write — element-wise key bounds (Quest), the softmax weight each
 * query head of the group gave each token, accumulated (H2O) and from the latest query (SAGE-KV, Round
 * Attention), and the position and dialogue round of each token.
 *
 * <p>Slots are filled in order; a policy that evicts moves the stream's last token into the hole
 * ({@link KvStream#evict}), so slot order is position order only until the first eviction. Key bounds only
 * grow (a moved-in key widens them, a moved-out key does not narrow them): they stay valid upper bounds.
 * While offloaded, keys and values are elsewhere ({@link KvTier}); the metadata stays here.
 */
public final class KvPage {

    private final int capacity;
    private final int headSize;
    private final int group;
    private float[] keys; // (capacity, headSize); null while offloaded
    private float[] values; // (capacity, headSize); null while offloaded
    private final float[] min; // (headSize)
    private final float[] max; // (headSize)
    private final int[] positions; // (capacity)
    private final int[] rounds; // (capacity)
    private final float[] mass; // (capacity, group): accumulated softmax weight per query head
    private final float[] lastWeight; // (capacity, group): softmax weight of the latest query per query head
    private int size;
    private boolean sealed;
    private KvTier tier;
    private int tierSlot = -1;

    KvPage(int capacity, int headSize, int group) {
        this.capacity = capacity;
        this.headSize = headSize;
        this.group = group;
        this.min = new float[headSize];
        this.max = new float[headSize];
        this.positions = new int[capacity];
        this.rounds = new int[capacity];
        this.mass = new float[capacity * group];
        this.lastWeight = new float[capacity * group];
    }

    /** Readies a pooled page for new tokens, with the given key/value storage. */
    void reset(float[] keys, float[] values) {
        this.keys = keys;
        this.values = values;
        this.size = 0;
        this.sealed = false;
        this.tier = null;
        this.tierSlot = -1;
        java.util.Arrays.fill(min, Float.POSITIVE_INFINITY);
        java.util.Arrays.fill(max, Float.NEGATIVE_INFINITY);
    }

    public int size() {
        return size;
    }

    public int capacity() {
        return capacity;
    }

    boolean full() {
        return size == capacity || sealed;
    }

    void seal() {
        sealed = true;
    }

    /** Whether keys and values are in this page (not offloaded). */
    public boolean resident() {
        return keys != null;
    }

    public int position(int slot) {
        return positions[slot];
    }

    public int round(int slot) {
        return rounds[slot];
    }

    /** Keys (capacity, headSize); a slot's key starts at {@code slot * headSize}. */
    public float[] keys() {
        return keys;
    }

    public float[] values() {
        return values;
    }

    /** Element-wise minimum of the keys in this page (headSize). */
    public float[] min() {
        return min;
    }

    /** Element-wise maximum of the keys in this page (headSize). */
    public float[] max() {
        return max;
    }

    /** Attention mass the slot's token has received from every query of every head in the group. */
    public float mass(int slot) {
        float sum = 0f;
        for (int g = 0; g < group; g++) sum += mass[slot * group + g];
        return sum;
    }

    /** Softmax weight the latest query (summed over the group's heads) gave the slot's token. */
    public float lastWeight(int slot) {
        float sum = 0f;
        for (int g = 0; g < group; g++) sum += lastWeight[slot * group + g];
        return sum;
    }

    void addMass(int slot, int head, float weight) {
        mass[slot * group + head] += weight;
    }

    void setLastWeight(int slot, int head, float weight) {
        lastWeight[slot * group + head] = weight;
    }

    void append(int position, int round, float[] key, int keyOffset, float[] value, int valueOffset) {
        assert !full() && resident();
        put(size, position, round, key, keyOffset, value, valueOffset);
        java.util.Arrays.fill(mass, size * group, (size + 1) * group, 0f);
        java.util.Arrays.fill(lastWeight, size * group, (size + 1) * group, 0f);
        size++;
    }

    private void put(int slot, int position, int round, float[] key, int keyOffset, float[] value, int valueOffset) {
        int at = slot * headSize;
        System.arraycopy(key, keyOffset, keys, at, headSize);
        System.arraycopy(value, valueOffset, values, at, headSize);
        for (int i = 0; i < headSize; i++) {
            float k = key[keyOffset + i];
            if (k < min[i]) min[i] = k;
            if (k > max[i]) max[i] = k;
        }
        positions[slot] = position;
        rounds[slot] = round;
    }

    /** Overwrites {@code slot} with the token in {@code source}'s slot {@code from} (metadata included). */
    void copyFrom(int slot, KvPage source, int from) {
        put(slot, source.positions[from], source.rounds[from], source.keys, from * headSize, source.values, from * headSize);
        System.arraycopy(source.mass, from * group, mass, slot * group, group);
        System.arraycopy(source.lastWeight, from * group, lastWeight, slot * group, group);
    }

    void dropLast() {
        size--;
    }

    /** Hands the key/value storage to a tier: returns the arrays so the cache can pool them. */
    float[][] offloadTo(KvTier tier) {
        assert resident();
        this.tier = tier;
        this.tierSlot = tier.store(keys, values, size * headSize);
        float[][] released = {keys, values};
        keys = null;
        values = null;
        return released;
    }

    /** Brings keys and values back from the tier into the given storage. */
    void restore(float[] keys, float[] values) {
        assert !resident();
        tier.load(tierSlot, keys, values, size * headSize);
        tier.free(tierSlot);
        this.keys = keys;
        this.values = values;
        this.tier = null;
        this.tierSlot = -1;
    }

    /** The storage to pool when the page is dropped (null while offloaded: the tier slot is freed instead). */
    float[][] release() {
        if (!resident()) {
            tier.free(tierSlot);
            tier = null;
            return null;
        }
        float[][] released = {keys, values};
        keys = null;
        values = null;
        return released;
    }
}
