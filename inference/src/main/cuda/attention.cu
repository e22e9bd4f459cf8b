// Decode attention over paged KV (one new query token), split-K / flash-decoding style,
// and Quest's page scoring.
//
// Layout, matching the CPU's PagedKvCache (one stream of pages per layer and KV head):
//   kPool, vPool: F32 pages; page p starts at p * pageSize * headSize, slot s at + s * headSize.
//   q: heads x headSize. Query head h reads KV head h / (heads / kvHeads) (grouped-query).
//   pageIds: kvHeads x numPages, the physical page of each listed page for each KV head.
//   pageTokens: numPages, the filled slots of each listed page (the last one may be partial).
// Listing pages, rather than a sequence length, lets the same kernel run dense attention
// (every page) and query-aware attention (only the pages Quest selected).
#include <math_constants.h>

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

// Pass 1. Grid (heads, splits), block = 32 * warps (warps <= 8), headSize <= 256.
// Split s takes a contiguous run of ceil(numPages / splits) listed pages; each warp keeps its
// own online-softmax state (running max m, running sum l, unnormalised output acc) over the
// slots it takes, the warps are merged in shared memory, and the split writes its partial
// (m, l, acc) for attention_combine. Long contexts get many splits so all SMs stay busy even
// though one token has only `heads` rows of work.
extern "C" __global__ void attention_partial(const float* q, const float* kPool, const float* vPool,
                                             const int* pageIds, const int* pageTokens, int numPages,
                                             int heads, int kvHeads, int headSize, int pageSize, float scale,
                                             float* partialO, float* partialM, float* partialL) {
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

    int perSplit = (numPages + splits - 1) / splits;
    int first = split * perSplit;
    int last = min(first + perSplit, numPages);
    for (int p = first; p < last; p++) {
        size_t page = (size_t) pageIds[(size_t) kvHead * numPages + p] * pageSize * headSize;
        int tokens = pageTokens[p];
        for (int s = warp; s < tokens; s += warps) {
            const float* k = kPool + page + (size_t) s * headSize;
            const float* v = vPool + page + (size_t) s * headSize;
            float dot = 0.0f;
#pragma unroll
            for (int i = 0; i < PER_LANE; i++) {
                int d = lane + 32 * i;
                if (d < headSize) dot += qv[i] * k[d];
            }
            float score = warp_sum_all(dot);
            float mNew = fmaxf(m, score);
            float correction = __expf(m - mNew); // 0 on the first slot, where m is -inf
            float weight = __expf(score - mNew);
            l = l * correction + weight;
#pragma unroll
            for (int i = 0; i < PER_LANE; i++) {
                int d = lane + 32 * i;
                float vd = d < headSize ? v[d] : 0.0f;
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
    // A split with no slots (more splits than pages) reports l = 0 and is ignored when combined.
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
extern "C" __global__ void attention_combine(const float* partialO, const float* partialM, const float* partialL,
                                             float* out, int splits, int headSize) {
    int head = blockIdx.x;
    const float* pm = partialM + (size_t) head * splits;
    const float* pl = partialL + (size_t) head * splits;
    float mAll = -CUDART_INF_F;
    for (int s = 0; s < splits; s++) mAll = fmaxf(mAll, pm[s]);
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
}

// Quest page scoring: an upper bound on q.k over every key of a page, from the page's
// per-channel key bounds: sum_d max(q_d * min_d, q_d * max_d).
//   kMin, kMax: per physical page, headSize floats at page * headSize.
//   scores: heads x numPages.
// One warp per (head, listed page): grid (ceil(numPages / warps), heads), block = 32 * warps.
extern "C" __global__ void quest_score(const float* q, const float* kMin, const float* kMax,
                                       const int* pageIds, int numPages, int heads, int kvHeads, int headSize,
                                       float* scores) {
    int head = blockIdx.y;
    int p = blockIdx.x * (blockDim.x >> 5) + (threadIdx.x >> 5);
    if (p >= numPages) return;
    int lane = threadIdx.x & 31;
    int kvHead = head / (heads / kvHeads);
    size_t page = (size_t) pageIds[(size_t) kvHead * numPages + p] * headSize;
    const float* qh = q + (size_t) head * headSize;
    float bound = 0.0f;
    for (int d = lane; d < headSize; d += 32) {
        float qd = qh[d];
        bound += fmaxf(qd * kMin[page + d], qd * kMax[page + d]);
    }
    bound = warp_sum_all(bound);
    if (lane == 0) scores[(size_t) head * numPages + p] = bound;
}
