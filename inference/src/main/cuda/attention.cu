// Decode attention over paged KV (one new query token), split-K / flash-decoding style; Quest's
// page scoring and top-K page selection; round-level recall's per-page and per-round attention mass.
//
// Layout, matching the CPU's PagedKvCache (one stream of pages per layer and KV head):
//   kPool, vPool: F32 pages, or F16 in the _f16 kernels (computed in F32 either way); physical page p
//     starts at p * pageSize * headSize, slot s at + s * headSize.
//   pageTable: kvHeads x maxPages for one layer: the physical page of each logical page of a stream
//     (logical page i holds positions i * pageSize ..); a page may move (offload and back), the
//     logical order does not.
//   step: the decode step in device memory (step.h): the cache holds step[STEP_LENGTH] positions,
//     so numPages = ceil(length / pageSize) and the last page holds the rest.
//   q: heads x headSize. Query head h reads KV head h / (heads / kvHeads) (grouped-query).
//   selected (budget > 0): heads x budget logical pages per query head, from quest_select; with
//     budget = 0 every page is attended (dense). Listing pages lets the same kernel run dense and
//     query-aware attention.
//   live: kvHeads x maxPages for one layer, bit s of a page's word set while its slot s holds a kept
//     token (the evicting policies clear bits: evict_oldest, evict_lightest, the host for SAGE-KV);
//     a page whose word is 0 is not read at all. Pages hold at most 32 slots.
#include <cuda_fp16.h>
#include <math_constants.h>
#include "step.h"

// A cache element as F32, and back: the F32 kernels read and write floats, the _f16 ones halves.
__device__ __forceinline__ float to_float(float v) { return v; }
__device__ __forceinline__ float to_float(__half v) { return __half2float(v); }
template <typename KV> __device__ __forceinline__ KV from_float(float v);
template <> __device__ __forceinline__ float from_float<float>(float v) { return v; }
template <> __device__ __forceinline__ __half from_float<__half>(float v) { return __float2half_rn(v); }

#define FULL_MASK 0xffffffffu
#define MAX_HEAD 256
#define PER_LANE (MAX_HEAD / 32)
#define MAX_WARPS 8

__device__ __forceinline__ float warp_sum_all(float v) {
    for (int offset = 16; offset > 0; offset >>= 1) {
        v += __shfl_xor_sync(FULL_MASK, v, offset);
    }
    return v;
}

__device__ __forceinline__ int page_count(const int* step, int pageSize) {
    return (step[STEP_LENGTH] + pageSize - 1) / pageSize;
}

__device__ __forceinline__ int listed_count(int numPages, int budget) {
    return budget > 0 ? min(budget, numPages) : numPages;
}

// Pass 1. Grid (heads, splits), block = 32 * warps (warps <= 8), headSize <= 256.
// Split s takes a contiguous run of ceil(listed / splits) listed pages; each warp keeps its own
// online-softmax state (running max m, running sum l, unnormalised output acc) over the slots it
// takes, the warps are merged in shared memory, and the split writes its partial (m, l, acc) for
// attention_combine. Long contexts get many splits so all SMs stay busy even though one token has
// only `heads` rows of work; a split past the listed pages writes l = 0 and is ignored.
template <typename KV>
__device__ __forceinline__ void attention_partial_of(const float* q, const KV* kPool, const KV* vPool,
                                             const int* pageTable, int maxPages, const int* selected, int budget,
                                             const unsigned int* live, const int* step, int heads, int kvHeads,
                                             int headSize, int pageSize,
                                             float scale, float* partialO, float* partialM, float* partialL) {
    __shared__ float sm_m[MAX_WARPS];
    __shared__ float sm_l[MAX_WARPS];
    __shared__ float sm_acc[MAX_WARPS][MAX_HEAD];

    int head = blockIdx.x;
    int split = blockIdx.y;
    int splits = gridDim.y;
    int warp = threadIdx.x >> 5;
    int lane = threadIdx.x & 31;
    int warps = blockDim.x >> 5;
    int kvHead = head / (heads / kvHeads);
    int length = step[STEP_LENGTH];
    int listed = listed_count(page_count(step, pageSize), budget);

    float qv[PER_LANE];
    float acc[PER_LANE];
#pragma unroll
    for (int i = 0; i < PER_LANE; i++) {
        int d = lane + 32 * i;
        qv[i] = d < headSize ? q[(size_t) head * headSize + d] * scale : 0.0f;
        acc[i] = 0.0f;
    }
    float m = -CUDART_INF_F;
    float l = 0.0f;

    int perSplit = (listed + splits - 1) / splits;
    int first = split * perSplit;
    int last = min(first + perSplit, listed);
    for (int p = first; p < last; p++) {
        int logical = budget > 0 ? selected[(size_t) head * budget + p] : p;
        int tokens = min(pageSize, length - logical * pageSize);
        unsigned int kept = live[(size_t) kvHead * maxPages + logical];
        if (tokens <= 0 || kept == 0u) continue; // past the length, or every token evicted: the table is not read
        size_t page = (size_t) pageTable[(size_t) kvHead * maxPages + logical] * pageSize * headSize;
        for (int s = warp; s < tokens; s += warps) {
            if (((kept >> s) & 1u) == 0u) continue; // the whole warp takes this slot, so it skips it together
            const KV* k = kPool + page + (size_t) s * headSize;
            const KV* v = vPool + page + (size_t) s * headSize;
            float dot = 0.0f;
#pragma unroll
            for (int i = 0; i < PER_LANE; i++) {
                int d = lane + 32 * i;
                if (d < headSize) dot += qv[i] * to_float(k[d]);
            }
            float score = warp_sum_all(dot);
            float mNew = fmaxf(m, score);
            float correction = __expf(m - mNew); // 0 on the first slot, where m is -inf
            float weight = __expf(score - mNew);
            l = l * correction + weight;
#pragma unroll
            for (int i = 0; i < PER_LANE; i++) {
                int d = lane + 32 * i;
                float vd = d < headSize ? to_float(v[d]) : 0.0f;
                acc[i] = acc[i] * correction + weight * vd;
            }
            m = mNew;
        }
    }

    if (lane == 0) {
        sm_m[warp] = m;
        sm_l[warp] = l;
    }
#pragma unroll
    for (int i = 0; i < PER_LANE; i++) {
        int d = lane + 32 * i;
        if (d < headSize) sm_acc[warp][d] = acc[i];
    }
    __syncthreads();

    float mAll = -CUDART_INF_F;
    for (int w = 0; w < warps; w++) mAll = fmaxf(mAll, sm_m[w]);
    size_t out = (size_t) head * splits + split;
    bool empty = mAll == -CUDART_INF_F;
    for (int d = threadIdx.x; d < headSize; d += blockDim.x) {
        float o = 0.0f;
        if (!empty) {
            for (int w = 0; w < warps; w++) o += sm_acc[w][d] * __expf(sm_m[w] - mAll);
        }
        partialO[out * headSize + d] = o;
    }
    if (threadIdx.x == 0) {
        float lAll = 0.0f;
        if (!empty) {
            for (int w = 0; w < warps; w++) lAll += sm_l[w] * __expf(sm_m[w] - mAll);
        }
        partialM[out] = mAll;
        partialL[out] = lAll;
    }
}

// Pass 2. Grid = heads, block = any; out[head] = sum_s acc_s e^(m_s - M) / sum_s l_s e^(m_s - M).
// stats[2 * head] = M and stats[2 * head + 1] = L (the softmax's max and denominator over every
// attended key, with the scale folded into the scores), for page_mass.
extern "C" __global__ void attention_combine(const float* partialO, const float* partialM, const float* partialL,
                                             float* out, int splits, int headSize, float* stats) {
    int head = blockIdx.x;
    const float* pm = partialM + (size_t) head * splits;
    const float* pl = partialL + (size_t) head * splits;
    float mAll = -CUDART_INF_F;
    for (int s = 0; s < splits; s++) {
        if (pl[s] > 0.0f) mAll = fmaxf(mAll, pm[s]);
    }
    float lAll = 0.0f;
    for (int s = 0; s < splits; s++) {
        if (pl[s] > 0.0f) lAll += pl[s] * __expf(pm[s] - mAll);
    }
    for (int d = threadIdx.x; d < headSize; d += blockDim.x) {
        float o = 0.0f;
        for (int s = 0; s < splits; s++) {
            if (pl[s] > 0.0f) o += partialO[((size_t) head * splits + s) * headSize + d] * __expf(pm[s] - mAll);
        }
        out[(size_t) head * headSize + d] = lAll > 0.0f ? o / lAll : 0.0f;
    }
    if (threadIdx.x == 0) {
        stats[2 * head] = mAll;
        stats[2 * head + 1] = lAll;
    }
}

// Appends the step's key and value (kvHeads x headSize each, RoPE'd) at step[STEP_POSITION] of
// every KV head's stream of one layer, and widens the page's key bounds (Quest's metadata, kept on
// the device as the CPU's KvPage keeps it): the first slot of a page resets them.
//   kMin, kMax: per physical page, headSize floats at page * headSize.
// Launch: grid = kvHeads, block = any (threads loop over headSize).
template <typename KV>
__device__ __forceinline__ void kv_append_of(const float* k, const float* v, KV* kPool, KV* vPool, float* kMin, float* kMax,
                                     const int* pageTable, int maxPages, const int* step, int headSize, int pageSize) {
    int kvHead = blockIdx.x;
    int position = step[STEP_POSITION];
    int logical = position / pageSize;
    int slot = position - logical * pageSize;
    size_t physical = (size_t) pageTable[(size_t) kvHead * maxPages + logical];
    size_t at = (physical * pageSize + slot) * headSize;
    for (int d = threadIdx.x; d < headSize; d += blockDim.x) {
        float key = to_float(from_float<KV>(k[(size_t) kvHead * headSize + d])); // the bounds of the key as it is stored
        kPool[at + d] = from_float<KV>(key);
        vPool[at + d] = from_float<KV>(v[(size_t) kvHead * headSize + d]);
        size_t bound = physical * headSize + d;
        kMin[bound] = slot == 0 ? key : fminf(kMin[bound], key);
        kMax[bound] = slot == 0 ? key : fmaxf(kMax[bound], key);
    }
}

// Quest page scoring: an upper bound on q.k over every key of a page, from the page's per-channel
// key bounds: sum_d max(q_d * min_d, q_d * max_d). The query's own (last) page scores +inf, so it
// is always selected, as the CPU's QuestPolicy does.
//   scores: heads x maxPages (the first numPages of each row are written).
// One warp per (head, page): grid (ceil(maxPages / warps), heads), block = 32 * warps.
extern "C" __global__ void quest_score(const float* q, const float* kMin, const float* kMax, const int* pageTable,
                                       int maxPages, const int* step, int heads, int kvHeads, int headSize, int pageSize,
                                       float* scores) {
    int head = blockIdx.y;
    int p = blockIdx.x * (blockDim.x >> 5) + (threadIdx.x >> 5);
    int numPages = page_count(step, pageSize);
    if (p >= numPages) return;
    int lane = threadIdx.x & 31;
    int kvHead = head / (heads / kvHeads);
    size_t page = (size_t) pageTable[(size_t) kvHead * maxPages + p] * headSize;
    const float* qh = q + (size_t) head * headSize;
    float bound = 0.0f;
    for (int d = lane; d < headSize; d += 32) {
        float qd = qh[d];
        bound += fmaxf(qd * kMin[page + d], qd * kMax[page + d]);
    }
    bound = warp_sum_all(bound);
    if (lane == 0) scores[(size_t) head * maxPages + p] = p == numPages - 1 ? CUDART_INF_F : bound;
}

// Scores as unsigned keys that order as the floats do (the radix select's bits).
__device__ __forceinline__ unsigned int order_key(float f) {
    unsigned int bits = __float_as_uint(f);
    return (bits & 0x80000000u) ? ~bits : (bits | 0x80000000u);
}

// Quest top-K: the `budget` logical pages with the highest scores per query head, into
// selected[head * budget ..] (in no particular order; the attention does not need one). With no
// more pages than the budget, every page is listed. The K-th largest key is found by a radix
// select, 8 bits at a time through a 256-bin histogram in shared memory; pages above it are
// taken, then pages equal to it (lowest page first) until the budget is full.
// Launch: grid = heads, block = 256 (one thread per histogram bin).
extern "C" __global__ void quest_select(const float* scores, int maxPages, const int* step, int pageSize, int budget,
                                        int* selected) {
    __shared__ unsigned int histogram[256];
    __shared__ unsigned int prefix;
    __shared__ int remaining;
    __shared__ int taken;
    int head = blockIdx.x;
    int numPages = page_count(step, pageSize);
    const float* row = scores + (size_t) head * maxPages;
    int* out = selected + (size_t) head * budget;
    if (numPages <= budget) {
        for (int p = threadIdx.x; p < numPages; p += blockDim.x) out[p] = p;
        return;
    }
    if (threadIdx.x == 0) {
        prefix = 0;
        remaining = budget; // rank of the threshold among the keys that match the prefix so far
        taken = 0;
    }
    for (int shift = 24; shift >= 0; shift -= 8) {
        histogram[threadIdx.x] = 0;
        __syncthreads();
        unsigned int mask = shift == 24 ? 0u : 0xffffffffu << (shift + 8);
        for (int p = threadIdx.x; p < numPages; p += blockDim.x) {
            unsigned int key = order_key(row[p]);
            if ((key & mask) == (prefix & mask)) atomicAdd(&histogram[(key >> shift) & 0xff], 1u);
        }
        __syncthreads();
        if (threadIdx.x == 0) {
            int need = remaining;
            int bin = 255;
            for (; bin > 0; bin--) {
                if ((int) histogram[bin] >= need) break;
                need -= histogram[bin];
            }
            prefix |= (unsigned int) bin << shift;
            remaining = need;
        }
        __syncthreads();
    }
    unsigned int threshold = prefix;
    int equalSlots = remaining; // how many keys equal to the threshold belong to the top K
    for (int p = threadIdx.x; p < numPages; p += blockDim.x) {
        if (order_key(row[p]) > threshold) out[atomicAdd(&taken, 1)] = p;
    }
    __syncthreads();
    if (threadIdx.x == 0) {
        for (int p = 0; p < numPages && equalSlots > 0; p++) {
            if (order_key(row[p]) == threshold) {
                out[taken++] = p;
                equalSlots--;
            }
        }
    }
}

// Round-level recall at the watershed layer: the softmax weight each page received from the query,
// mass[head * maxPages + page] = sum over the page's slots of e^(q.k * scale - M) / L, with M and L
// from attention_combine's stats.
// One warp per (head, page): grid (ceil(maxPages / warps), heads), block = 32 * warps.
template <typename KV>
__device__ __forceinline__ void page_mass_of(const float* q, const KV* kPool, const int* pageTable, int maxPages,
                                     const int* step, int heads, int kvHeads, int headSize, int pageSize, float scale,
                                     const float* stats, float* mass) {
    int head = blockIdx.y;
    int p = blockIdx.x * (blockDim.x >> 5) + (threadIdx.x >> 5);
    int length = step[STEP_LENGTH];
    if (p >= page_count(step, pageSize)) return;
    int lane = threadIdx.x & 31;
    int kvHead = head / (heads / kvHeads);
    size_t page = (size_t) pageTable[(size_t) kvHead * maxPages + p] * pageSize * headSize;
    int tokens = min(pageSize, length - p * pageSize);
    const float* qh = q + (size_t) head * headSize;
    float m = stats[2 * head];
    float inverse = 1.0f / stats[2 * head + 1];
    float total = 0.0f;
    for (int s = 0; s < tokens; s++) {
        const KV* k = kPool + page + (size_t) s * headSize;
        float dot = 0.0f;
        for (int d = lane; d < headSize; d += 32) dot += qh[d] * to_float(k[d]);
        dot = warp_sum_all(dot);
        total += __expf(dot * scale - m) * inverse;
    }
    if (lane == 0) mass[(size_t) head * maxPages + p] = total;
}

// The per-round score: roundMass[r] = sum over heads and over the pages of round r of page_mass.
//   pageRound: maxPages, the dialogue round of each logical page (every page holds one round's
//   tokens: a round opens a page of its own, as on the CPU).
// Launch: grid = rounds, block = 256.
extern "C" __global__ void round_mass(const float* mass, const int* pageRound, int maxPages, const int* step, int pageSize,
                                      int heads, float* roundMass) {
    __shared__ float partial[256];
    int round = blockIdx.x;
    int numPages = page_count(step, pageSize);
    float sum = 0.0f;
    for (int i = threadIdx.x; i < heads * numPages; i += blockDim.x) {
        int head = i / numPages;
        int p = i - head * numPages;
        if (pageRound[p] == round) sum += mass[(size_t) head * maxPages + p];
    }
    partial[threadIdx.x] = sum;
    __syncthreads();
    for (int stride = blockDim.x >> 1; stride > 0; stride >>= 1) {
        if (threadIdx.x < stride) partial[threadIdx.x] += partial[threadIdx.x + stride];
        __syncthreads();
    }
    if (threadIdx.x == 0) roundMass[round] = partial[0];
}

// The evicting policies' per-token attention weights, after attention_combine of a layer: for each kept
// token of each KV head's stream, the softmax weight the step's query heads of its group gave it,
// summed over the group (as the CPU's KvPage keeps it): last[..] = that weight (SAGE-KV reads the
// prompt's last one), mass[..] += it (heavy hitters' accumulated mass).
//   last, mass: kvHeads x maxPages x pageSize for one layer, by logical page and slot.
// One warp per (page, KV head): grid (ceil(maxPages / warps), kvHeads), block = 32 * warps.
template <typename KV>
__device__ __forceinline__ void slot_weights_of(const float* q, const KV* kPool, const int* pageTable, const unsigned int* live,
                                        int maxPages, const int* step, int heads, int kvHeads, int headSize, int pageSize,
                                        float scale, const float* stats, float* last, float* mass) {
    int kvHead = blockIdx.y;
    int p = blockIdx.x * (blockDim.x >> 5) + (threadIdx.x >> 5);
    int length = step[STEP_LENGTH];
    if (p >= page_count(step, pageSize)) return;
    unsigned int kept = live[(size_t) kvHead * maxPages + p];
    if (kept == 0u) return;
    int lane = threadIdx.x & 31;
    int group = heads / kvHeads;
    size_t page = (size_t) pageTable[(size_t) kvHead * maxPages + p] * pageSize * headSize;
    size_t at = ((size_t) kvHead * maxPages + p) * pageSize;
    int tokens = min(pageSize, length - p * pageSize);
    for (int s = 0; s < tokens; s++) {
        if (((kept >> s) & 1u) == 0u) continue;
        const KV* k = kPool + page + (size_t) s * headSize;
        float weight = 0.0f;
        for (int g = 0; g < group; g++) {
            int head = kvHead * group + g;
            const float* qh = q + (size_t) head * headSize;
            float dot = 0.0f;
            for (int d = lane; d < headSize; d += 32) dot += qh[d] * to_float(k[d]);
            dot = warp_sum_all(dot);
            weight += __expf(dot * scale - stats[2 * head]) / stats[2 * head + 1];
        }
        if (lane == 0) {
            last[at + s] = weight;
            mass[at + s] += weight;
        }
    }
}

// Kept tokens of one stream up to the step's length: the set bits of its pages' live words.
__device__ __forceinline__ int kept_tokens(const unsigned int* words, int numPages, int pageSize, int length) {
    int count = 0;
    for (int p = 0; p < numPages; p++) {
        int tokens = min(pageSize, length - p * pageSize);
        unsigned int valid = tokens >= 32 ? 0xffffffffu : (1u << tokens) - 1u;
        count += __popc(words[p] & valid);
    }
    return count;
}

// Sinks+window and SAGE-KV's window, after a step, as the CPU evicts: while a stream keeps more than
// `budget` tokens, the oldest kept token at a position >= `floor` goes (floor: the sinks, or the
// first position of SAGE-KV's window once the prompt is in; the tokens before it stay).
//   live: streams x maxPages (every layer's streams, or one layer's).
// One thread per stream: grid = ceil(streams / block).
extern "C" __global__ void evict_oldest(unsigned int* live, int streams, int maxPages, const int* step, int pageSize,
                                        int budget, int floor) {
    int stream = blockIdx.x * blockDim.x + threadIdx.x;
    if (stream >= streams) return;
    unsigned int* words = live + (size_t) stream * maxPages;
    int length = step[STEP_LENGTH];
    int numPages = page_count(step, pageSize);
    int excess = kept_tokens(words, numPages, pageSize, length) - budget;
    for (int position = floor; excess > 0 && position < length; position++) {
        unsigned int word = words[position / pageSize];
        if (word == 0u) { // a page with nothing kept: on to the next one
            position = (position / pageSize + 1) * pageSize - 1;
            continue;
        }
        unsigned int bit = 1u << (position % pageSize);
        if (word & bit) {
            words[position / pageSize] = word & ~bit;
            excess--;
        }
    }
}

// Heavy hitters (H2O) after a layer's slot_weights, as the CPU evicts: while a stream keeps more than
// `budget` tokens, the kept token with the least accumulated mass goes, of those older than the last
// `recent` positions (the lowest position where two have the same mass).
// One block of 256 threads per KV head of the layer: grid = kvHeads.
extern "C" __global__ void evict_lightest(unsigned int* live, const float* mass, int maxPages, const int* step, int pageSize,
                                          int budget, int recent) {
    __shared__ float bestMass[256];
    __shared__ int bestPosition[256];
    __shared__ int excess;
    unsigned int* words = live + (size_t) blockIdx.x * maxPages;
    const float* m = mass + (size_t) blockIdx.x * maxPages * pageSize;
    int length = step[STEP_LENGTH];
    int numPages = page_count(step, pageSize);
    if (threadIdx.x == 0) excess = kept_tokens(words, numPages, pageSize, length) - budget;
    __syncthreads();
    int candidates = length - recent; // positions below this may go
    while (excess > 0) {
        float best = CUDART_INF_F;
        int where = 0x7fffffff;
        for (int position = threadIdx.x; position < candidates; position += blockDim.x) {
            if (((words[position / pageSize] >> (position % pageSize)) & 1u) == 0u) continue;
            float v = m[(size_t) (position / pageSize) * pageSize + position % pageSize];
            if (v < best) { // positions grow, so the first of equal masses stays
                best = v;
                where = position;
            }
        }
        bestMass[threadIdx.x] = best;
        bestPosition[threadIdx.x] = where;
        __syncthreads();
        for (int stride = blockDim.x >> 1; stride > 0; stride >>= 1) {
            if (threadIdx.x < stride) {
                float v = bestMass[threadIdx.x + stride];
                int j = bestPosition[threadIdx.x + stride];
                if (v < bestMass[threadIdx.x] || (v == bestMass[threadIdx.x] && j < bestPosition[threadIdx.x])) {
                    bestMass[threadIdx.x] = v;
                    bestPosition[threadIdx.x] = j;
                }
            }
            __syncthreads();
        }
        if (threadIdx.x == 0) {
            int position = bestPosition[0];
            if (position == 0x7fffffff) excess = 0; // every token is protected
            else {
                words[position / pageSize] &= ~(1u << (position % pageSize));
                excess--;
            }
        }
        __syncthreads();
    }
}

// The kernels of the paged cache, over F32 pages and over F16 pages (the _f16 twins, same parameters).
extern "C" __global__ void attention_partial(const float* q, const float* kPool, const float* vPool,
                                             const int* pageTable, int maxPages, const int* selected, int budget,
                                             const unsigned int* live, const int* step, int heads, int kvHeads,
                                             int headSize, int pageSize,
                                             float scale, float* partialO, float* partialM, float* partialL) {
    attention_partial_of<float>(q, kPool, vPool, pageTable, maxPages, selected, budget, live, step, heads, kvHeads, headSize, pageSize, scale, partialO, partialM, partialL);
}
extern "C" __global__ void attention_partial_f16(const float* q, const __half* kPool, const __half* vPool,
                                             const int* pageTable, int maxPages, const int* selected, int budget,
                                             const unsigned int* live, const int* step, int heads, int kvHeads,
                                             int headSize, int pageSize,
                                             float scale, float* partialO, float* partialM, float* partialL) {
    attention_partial_of<__half>(q, kPool, vPool, pageTable, maxPages, selected, budget, live, step, heads, kvHeads, headSize, pageSize, scale, partialO, partialM, partialL);
}
extern "C" __global__ void kv_append(const float* k, const float* v, float* kPool, float* vPool, float* kMin, float* kMax,
                                     const int* pageTable, int maxPages, const int* step, int headSize, int pageSize) {
    kv_append_of<float>(k, v, kPool, vPool, kMin, kMax, pageTable, maxPages, step, headSize, pageSize);
}
extern "C" __global__ void kv_append_f16(const float* k, const float* v, __half* kPool, __half* vPool, float* kMin, float* kMax,
                                     const int* pageTable, int maxPages, const int* step, int headSize, int pageSize) {
    kv_append_of<__half>(k, v, kPool, vPool, kMin, kMax, pageTable, maxPages, step, headSize, pageSize);
}
extern "C" __global__ void page_mass(const float* q, const float* kPool, const int* pageTable, int maxPages,
                                     const int* step, int heads, int kvHeads, int headSize, int pageSize, float scale,
                                     const float* stats, float* mass) {
    page_mass_of<float>(q, kPool, pageTable, maxPages, step, heads, kvHeads, headSize, pageSize, scale, stats, mass);
}
extern "C" __global__ void page_mass_f16(const float* q, const __half* kPool, const int* pageTable, int maxPages,
                                     const int* step, int heads, int kvHeads, int headSize, int pageSize, float scale,
                                     const float* stats, float* mass) {
    page_mass_of<__half>(q, kPool, pageTable, maxPages, step, heads, kvHeads, headSize, pageSize, scale, stats, mass);
}
extern "C" __global__ void slot_weights(const float* q, const float* kPool, const int* pageTable, const unsigned int* live,
                                        int maxPages, const int* step, int heads, int kvHeads, int headSize, int pageSize,
                                        float scale, const float* stats, float* last, float* mass) {
    slot_weights_of<float>(q, kPool, pageTable, live, maxPages, step, heads, kvHeads, headSize, pageSize, scale, stats, last, mass);
}
extern "C" __global__ void slot_weights_f16(const float* q, const __half* kPool, const int* pageTable, const unsigned int* live,
                                        int maxPages, const int* step, int heads, int kvHeads, int headSize, int pageSize,
                                        float scale, const float* stats, float* last, float* mass) {
    slot_weights_of<__half>(q, kPool, pageTable, live, maxPages, step, heads, kvHeads, headSize, pageSize, scale, stats, last, mass);
}
