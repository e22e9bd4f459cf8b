package dev.mnemos.inference.kv.policy;

import dev.mnemos.inference.kv.KvPage;
import dev.mnemos.inference.kv.KvPolicy;
import dev.mnemos.inference.kv.KvScratch;
import dev.mnemos.inference.kv.KvStream;
import dev.mnemos.inference.kv.PagedKvCache;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Query-aware page selection (Quest, arXiv 2406.10774): at each decoding step, per query head, every page is
 * scored by the upper bound of q·k over its keys, {@code Σ_i max(q_i·min_i, q_i·max_i)} from the page's
 * element-wise key bounds, and only the {@code pages} best (the query's own, last page always among them) are
 * attended. The first {@code denseLayers} layers and the prompt are dense; nothing is evicted, so memory is that
 * of full attention and the saving is in the keys and values read. Positions are not touched.
 */
public final class QuestPolicy implements KvPolicy {

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();

    private final int pages;
    private final int denseLayers;

    public QuestPolicy(int pages, int denseLayers) {
        if (pages <= 0 || denseLayers < 0) throw new IllegalArgumentException("pages " + pages + ", dense layers " + denseLayers);
        this.pages = pages;
        this.denseLayers = denseLayers;
    }

    @Override
    public String name() {
        return "quest";
    }

    @Override
    public int select(PagedKvCache cache, int layer, int head, KvStream stream, float[] q, int queryOffset, boolean decoding, KvScratch scratch) {
        int n = stream.pageCount();
        if (!decoding || layer < denseLayers || n <= pages) return KvPolicy.allResident(stream, scratch);
        int headSize = cache.layout().headSize();
        float[] bound = scratch.floats(n);
        int[] heap = scratch.ints(pages); // min-heap of page indexes by bound: the best `pages` so far
        int size = 0;
        for (int i = 0; i < n; i++) {
            KvPage page = stream.page(i);
            if (!page.resident()) continue;
            bound[i] = i == n - 1 ? Float.POSITIVE_INFINITY : upperBound(q, queryOffset, page.min(), page.max(), headSize);
            if (size < pages) {
                heap[size] = i;
                siftUp(heap, size++, bound);
            } else if (bound[i] > bound[heap[0]]) {
                heap[0] = i;
                siftDown(heap, size, bound);
            }
        }
        KvPage[] into = scratch.pages(size);
        for (int j = 0; j < size; j++) into[j] = stream.page(heap[j]);
        return size;
    }

    /** {@code Σ_i max(q_i·min_i, q_i·max_i)}: no key in the page scores higher against q. */
    static float upperBound(float[] q, int offset, float[] min, float[] max, int headSize) {
        float sum = 0f;
        int i = 0;
        if (headSize >= LANES) {
            FloatVector acc = FloatVector.zero(SPECIES);
            for (int bound = SPECIES.loopBound(headSize); i < bound; i += LANES) {
                FloatVector qi = FloatVector.fromArray(SPECIES, q, offset + i);
                acc = acc.add(qi.mul(FloatVector.fromArray(SPECIES, min, i)).max(qi.mul(FloatVector.fromArray(SPECIES, max, i))));
            }
            sum = acc.reduceLanes(VectorOperators.ADD);
        }
        for (; i < headSize; i++) {
            float qi = q[offset + i];
            sum += Math.max(qi * min[i], qi * max[i]);
        }
        return sum;
    }

    private static void siftUp(int[] heap, int at, float[] key) {
        while (at > 0) {
            int parent = (at - 1) / 2;
            if (key[heap[parent]] <= key[heap[at]]) return;
            swap(heap, parent, at);
            at = parent;
        }
    }

    private static void siftDown(int[] heap, int size, float[] key) {
        int at = 0;
        while (true) {
            int left = 2 * at + 1, right = left + 1, smallest = at;
            if (left < size && key[heap[left]] < key[heap[smallest]]) smallest = left;
            if (right < size && key[heap[right]] < key[heap[smallest]]) smallest = right;
            if (smallest == at) return;
            swap(heap, at, smallest);
            at = smallest;
        }
    }

    private static void swap(int[] heap, int a, int b) {
        int t = heap[a];
        heap[a] = heap[b];
        heap[b] = t;
    }
}
