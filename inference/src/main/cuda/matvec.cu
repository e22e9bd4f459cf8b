// Fused dequantize x vector for decode, and the same rows over a tile of tokens for prefill:
//   y[t * rows + row] = sum_j W[row, j] * x[t * cols + j]   for t < tokens.
// W is row-major in its GGUF layout (cols values per row, rows contiguous); x and y are F32.
// `split` warps per row (1, 2, 4 or 8), each taking every split-th stretch of the row: decode is
// memory-bound, so what matters is that a warp's 32 lanes read neighbouring bytes of one row at
// the same time (coalesced), that enough loads are in flight to cover the memory latency (a
// matrix of few rows gets several warps per row, and the loops are unrolled), and that nothing
// is written back before the dot product is complete (the row's warps meet in shared memory).
//   matvec_<type>(w, x, y, rows, cols, split)           one token (decode)
//   matmul_<type>(w, x, y, rows, cols, tokens, split)   a tile of up to TILE tokens (prefill):
//                                                       each weight is read once for the tile
// Launch: block = 32 * WARPS (8 warps), grid = ceil(rows / (WARPS / split)).
// For matmul_*, x must hold TILE rows (rows past `tokens` are read, not written back).
#include <cuda_fp16.h>
#include <stdint.h>

#define FULL_MASK 0xffffffffu
#define TILE 8
#define WARPS 8

__device__ __forceinline__ float warp_sum(float v) {
    for (int offset = 16; offset > 0; offset >>= 1) {
        v += __shfl_down_sync(FULL_MASK, v, offset);
    }
    return v; // complete in lane 0 only
}

// The row this warp works on (may be past the last row: such a warp reads nothing but still
// meets its block at the barrier) and which of the row's `split` parts it takes.
__device__ __forceinline__ int warp_row(int split) {
    return blockIdx.x * (WARPS / split) + (threadIdx.x >> 5) / split;
}

__device__ __forceinline__ int warp_part(int split) {
    return (threadIdx.x >> 5) % split;
}

// GGML blocks are 2-byte aligned only (34, 18 and 210 bytes), so f16 scales are read as two bytes.
__device__ __forceinline__ float load_half(const uint8_t* p) {
    uint16_t bits = (uint16_t) p[0] | ((uint16_t) p[1] << 8);
    return __half2float(__ushort_as_half(bits));
}

// Each warp's sums go to shared memory; the first warp of each row adds its row's parts in order.
template <int T>
__device__ __forceinline__ void store_rows(float (&acc)[T], float* y, int row, int rows, int tokens, int split) {
    __shared__ float partial[WARPS][T];
    int lane = threadIdx.x & 31;
    int warp = threadIdx.x >> 5;
#pragma unroll
    for (int t = 0; t < T; t++) {
        float s = warp_sum(acc[t]);
        if (lane == 0) partial[warp][t] = s;
    }
    __syncthreads();
    if (lane == 0 && warp % split == 0 && row < rows) {
        for (int t = 0; t < tokens; t++) {
            float s = 0.0f;
            for (int w = warp; w < warp + split; w++) s += partial[w][t];
            y[(size_t) t * rows + row] = s;
        }
    }
}

template <int T>
__device__ void rows_f32(const float* w, const float* x, float* y, int rows, int cols, int tokens, int split) {
    int row = warp_row(split);
    int part = warp_part(split);
    bool live = row < rows;
    int lane = threadIdx.x & 31;
    const float* r = w + (size_t) row * cols;
    float acc[T] = {};
    // Lane j reads element j of each 32-wide stripe: 128 contiguous bytes per warp load.
#pragma unroll 4
    for (int j = lane + 32 * part; live && j < cols; j += 32 * split) {
        float v = r[j];
#pragma unroll
        for (int t = 0; t < T; t++) acc[t] += v * x[(size_t) t * cols + j];
    }
    store_rows<T>(acc, y, row, rows, tokens, split);
}

// F16 and BF16: pairs as one 32-bit load per lane, 128 contiguous bytes per warp (odd cols: one at a time).
__device__ __forceinline__ float2 pair_f16(uint32_t bits) {
    return __half22float2(*reinterpret_cast<__half2*>(&bits));
}

__device__ __forceinline__ float2 pair_bf16(uint32_t bits) {
    return make_float2(__uint_as_float(bits << 16), __uint_as_float(bits & 0xffff0000u));
}

template <int T, bool BF16>
__device__ void rows_half(const uint16_t* w, const float* x, float* y, int rows, int cols, int tokens, int split) {
    int row = warp_row(split);
    int part = warp_part(split);
    bool live = row < rows;
    int lane = threadIdx.x & 31;
    const uint16_t* r = w + (size_t) row * cols;
    float acc[T] = {};
    if ((cols & 1) == 0) {
        const uint32_t* r2 = reinterpret_cast<const uint32_t*>(r);
        int pairs = cols >> 1;
#pragma unroll 4
        for (int j = lane + 32 * part; live && j < pairs; j += 32 * split) {
            float2 v = BF16 ? pair_bf16(r2[j]) : pair_f16(r2[j]);
#pragma unroll
            for (int t = 0; t < T; t++) acc[t] += v.x * x[(size_t) t * cols + 2 * j] + v.y * x[(size_t) t * cols + 2 * j + 1];
        }
    } else {
        for (int j = lane + 32 * part; live && j < cols; j += 32 * split) {
            float v = BF16 ? __uint_as_float((uint32_t) r[j] << 16) : __half2float(__ushort_as_half(r[j]));
#pragma unroll
            for (int t = 0; t < T; t++) acc[t] += v * x[(size_t) t * cols + j];
        }
    }
    store_rows<T>(acc, y, row, rows, tokens, split);
}

// Q8_0: blocks of 32 values, each 34 bytes: f16 scale d, then 32 int8 q; value = q * d.
// Eight lanes share a block (four quants each), so one warp step covers four whole blocks,
// 136 contiguous bytes. cols must be a multiple of 32 (GGUF guarantees it for Q8_0).
template <int T>
__device__ void rows_q8_0(const uint8_t* w, const float* x, float* y, int rows, int cols, int tokens, int split) {
    int row = warp_row(split);
    int part = warp_part(split);
    bool live = row < rows;
    int lane = threadIdx.x & 31;
    int blocks = cols >> 5;
    const uint8_t* r = w + (size_t) row * blocks * 34;
    int sub = lane & 7;
    float acc[T] = {};
#pragma unroll 4
    for (int b = (lane >> 3) + 4 * part; live && b < blocks; b += 4 * split) {
        const uint8_t* blk = r + (size_t) b * 34;
        float d = load_half(blk);
        const int8_t* q = reinterpret_cast<const int8_t*>(blk + 2) + sub * 4;
        float q0 = q[0], q1 = q[1], q2 = q[2], q3 = q[3];
#pragma unroll
        for (int t = 0; t < T; t++) {
            const float* xv = x + (size_t) t * cols + b * 32 + sub * 4;
            acc[t] += d * (q0 * xv[0] + q1 * xv[1] + q2 * xv[2] + q3 * xv[3]);
        }
    }
    store_rows<T>(acc, y, row, rows, tokens, split);
}

// Q4_0: blocks of 32 values, each 18 bytes: f16 scale d, then 16 bytes; byte j holds value j
// in its low nibble and value j + 16 in its high nibble; value = (nibble - 8) * d.
// Eight lanes share a block (two bytes, four values each); four blocks per warp step.
template <int T>
__device__ void rows_q4_0(const uint8_t* w, const float* x, float* y, int rows, int cols, int tokens, int split) {
    int row = warp_row(split);
    int part = warp_part(split);
    bool live = row < rows;
    int lane = threadIdx.x & 31;
    int blocks = cols >> 5;
    const uint8_t* r = w + (size_t) row * blocks * 18;
    int j = (lane & 7) * 2;
    float acc[T] = {};
#pragma unroll 4
    for (int b = (lane >> 3) + 4 * part; live && b < blocks; b += 4 * split) {
        const uint8_t* blk = r + (size_t) b * 18;
        float d = load_half(blk);
        uint8_t b0 = blk[2 + j];
        uint8_t b1 = blk[3 + j];
        float v0 = (int) (b0 & 0x0F) - 8, v1 = (int) (b1 & 0x0F) - 8, v16 = (int) (b0 >> 4) - 8, v17 = (int) (b1 >> 4) - 8;
#pragma unroll
        for (int t = 0; t < T; t++) {
            const float* xv = x + (size_t) t * cols + b * 32;
            acc[t] += d * (v0 * xv[j] + v1 * xv[j + 1] + v16 * xv[j + 16] + v17 * xv[j + 17]);
        }
    }
    store_rows<T>(acc, y, row, rows, tokens, split);
}

// Q8_0 and Q4_0 in planes, as DeviceWeights lays them out at upload (MatrixPlanes): first the quants of every
// row, row-major (Q8_0: cols int8 per row; Q4_0: cols / 2 bytes per row, each block's 16 bytes in their GGUF
// order), then the f16 scales, rows x (cols / 32). In the GGUF layout blocks of 34 and 18 bytes leave the quants
// 2-byte aligned, so the kernels above read bytes; here a row's quants are 4-byte aligned (cols is a multiple of
// 32), so each lane reads one 32-bit word and a warp 128 contiguous bytes per load, and x as float4s whose
// addresses are contiguous across the warp too (float FMAs: the activation stays F32, as on the CPU).
// A lane issues the loads of BATCH warp steps before it uses any: an unrolled loop with its exit test between
// steps would wait for each load in turn, leaving one load per warp in flight where the memory latency needs more.
#define BATCH 4

__device__ __forceinline__ float4 load_x4(const float* x, int at) {
    return __ldg(reinterpret_cast<const float4*>(x + at));
}

// An integer n < 2^23 below the mantissa of 2^23 is the float 2^23 + n exactly, so a quant becomes a float with a
// mask, an or and a subtraction, on the integer and FMA pipes, where an int-to-float conversion runs at a fraction
// of their rate (16 a clock per SM against 128 FP32 adds, by the CUDA guide's throughput table) and, at four a word,
// could fall behind the loads. Q8_0's int8 q is first offset to the unsigned q + 128.
__device__ __forceinline__ float q8_value(uint32_t v, int k) {
    return __uint_as_float(0x4B000000u | (((v >> (8 * k)) & 0xFFu) ^ 0x80u)) - 8388736.0f; // 2^23 + 128
}

__device__ __forceinline__ float q4_value(uint32_t v, int shift) {
    return __uint_as_float(0x4B000000u | ((v >> shift) & 0x0Fu)) - 8388616.0f; // 2^23 + 8
}

// Q8_0: word j of a row is values 4j .. 4j + 3 of block j / 8; 32 words (4 blocks) per warp step.
struct Q8_0Word {
    static constexpr int VALUES = 4;
    template <int T>
    __device__ static void add(float (&acc)[T], uint32_t v, float s, const float* x, int cols, int j) {
        float v0 = q8_value(v, 0), v1 = q8_value(v, 1), v2 = q8_value(v, 2), v3 = q8_value(v, 3);
#pragma unroll
        for (int t = 0; t < T; t++) {
            float4 xv = load_x4(x, t * cols + 4 * j);
            acc[t] += s * (v0 * xv.x + v1 * xv.y + v2 * xv.z + v3 * xv.w);
        }
    }
};

// Q4_0: word j of a row is bytes 4i .. 4i + 3 (i = j mod 4) of block j / 4: values 4i .. 4i + 3 of the block in the
// low nibbles, 16 + 4i .. 16 + 4i + 3 in the high ones; 32 words (8 blocks) per warp step.
struct Q4_0Word {
    static constexpr int VALUES = 8;
    template <int T>
    __device__ static void add(float (&acc)[T], uint32_t v, float s, const float* x, int cols, int j) {
        float lo[4], hi[4];
#pragma unroll
        for (int i = 0; i < 4; i++) {
            lo[i] = q4_value(v, 8 * i);
            hi[i] = q4_value(v, 8 * i + 4);
        }
        int at = 32 * (j >> 2) + 4 * (j & 3);
#pragma unroll
        for (int t = 0; t < T; t++) {
            float4 xl = load_x4(x, t * cols + at);
            float4 xh = load_x4(x, t * cols + at + 16);
            acc[t] += s * (lo[0] * xl.x + lo[1] * xl.y + lo[2] * xl.z + lo[3] * xl.w
                         + hi[0] * xh.x + hi[1] * xh.y + hi[2] * xh.z + hi[3] * xh.w);
        }
    }
};

// Both types' loop: words of Word::VALUES values, the scale of word j that of block j / (32 / VALUES).
template <int T, class Word>
__device__ void rows_planes(const uint8_t* w, const float* x, float* y, int rows, int cols, int tokens, int split) {
    int row = warp_row(split);
    int part = warp_part(split);
    bool live = row < rows;
    int lane = threadIdx.x & 31;
    int words = cols / Word::VALUES;
    int stride = 32 * split;
    const uint32_t* q = reinterpret_cast<const uint32_t*>(w) + (size_t) row * words;
    const __half* d = reinterpret_cast<const __half*>(w + (size_t) rows * words * 4) + (size_t) row * (cols >> 5);
    float acc[T] = {};
    for (int first = lane + 32 * part; live && first < words; first += BATCH * stride) {
        uint32_t v[BATCH];
        float s[BATCH];
#pragma unroll
        for (int u = 0; u < BATCH; u++) {
            int j = first + u * stride;
            v[u] = j < words ? __ldcs(q + j) : 0u;
            s[u] = j < words ? __half2float(__ldg(d + j / (32 / Word::VALUES))) : 0.0f;
        }
#pragma unroll
        for (int u = 0; u < BATCH; u++) {
            int j = first + u * stride;
            if (j >= words) break;
            Word::template add<T>(acc, v[u], s[u], x, cols, j);
        }
    }
    store_rows<T>(acc, y, row, rows, tokens, split);
}

// Q4_K: super-blocks of 256 values, 144 bytes: f16 d, f16 dmin, 12 bytes of 6-bit scales and
// mins for 8 sub-blocks of 32, then 128 bytes of nibbles; in chunk c (64 values), byte l holds
// value 64c + l (low nibble, sub-block 2c) and 64c + 32 + l (high nibble, sub-block 2c + 1);
// value = d * scale * nibble - dmin * min. One super-block per warp step: lane = 8c + k reads
// bytes 32c + 4k .. +3 (one 32-bit load; 144 is a multiple of 4), eight values.
__device__ __forceinline__ void scale_min_k4(int j, const uint8_t* s, float& scale, float& min) {
    if (j < 4) {
        scale = s[j] & 63;
        min = s[j + 4] & 63;
    } else {
        scale = (s[j + 4] & 0x0F) | ((s[j - 4] >> 6) << 4);
        min = (s[j + 4] >> 4) | ((s[j] >> 6) << 4);
    }
}

template <int T>
__device__ void rows_q4_k(const uint8_t* w, const float* x, float* y, int rows, int cols, int tokens, int split) {
    int row = warp_row(split);
    int part = warp_part(split);
    bool live = row < rows;
    int lane = threadIdx.x & 31;
    int blocks = cols >> 8;
    const uint8_t* r = w + (size_t) row * blocks * 144;
    int chunk = lane >> 3;
    int l = (lane & 7) * 4;
    float acc[T] = {};
#pragma unroll 2
    for (int b = part; live && b < blocks; b += split) {
        const uint8_t* blk = r + (size_t) b * 144;
        float d = load_half(blk), dmin = load_half(blk + 2);
        float sLow, mLow, sHigh, mHigh;
        scale_min_k4(2 * chunk, blk + 4, sLow, mLow);
        scale_min_k4(2 * chunk + 1, blk + 4, sHigh, mHigh);
        uint32_t q = *reinterpret_cast<const uint32_t*>(blk + 16 + 32 * chunk + l);
        float lo[4], hi[4];
#pragma unroll
        for (int i = 0; i < 4; i++) {
            lo[i] = (q >> (8 * i)) & 0x0F;
            hi[i] = (q >> (8 * i + 4)) & 0x0F;
        }
#pragma unroll
        for (int t = 0; t < T; t++) {
            const float* xl = x + (size_t) t * cols + b * 256 + 64 * chunk + l;
            const float* xh = xl + 32;
            float dotLow = lo[0] * xl[0] + lo[1] * xl[1] + lo[2] * xl[2] + lo[3] * xl[3];
            float dotHigh = hi[0] * xh[0] + hi[1] * xh[1] + hi[2] * xh[2] + hi[3] * xh[3];
            float sumLow = xl[0] + xl[1] + xl[2] + xl[3];
            float sumHigh = xh[0] + xh[1] + xh[2] + xh[3];
            acc[t] += d * (sLow * dotLow + sHigh * dotHigh) - dmin * (mLow * sumLow + mHigh * sumHigh);
        }
    }
    store_rows<T>(acc, y, row, rows, tokens, split);
}

// Q6_K: super-blocks of 256 values, 210 bytes: ql[128] (low 4 bits), qh[64] (high 2 bits),
// 16 int8 scales (one per 16 values), f16 d at 208. In half h (128 values), value
// 128h + 32g + l (g = 0..3, l = 0..31) takes the low (g < 2) or high nibble of
// ql[64h + l + 32 (g mod 2)] and bits 2g, 2g + 1 of qh[32h + l]; value = d * scale * (q - 32),
// scale = scales[8h + l / 16 + 2g]. One super-block per warp step: lane = 16h + k takes
// l = 2k and 2k + 1 of half h, all four groups: eight values.
template <int T>
__device__ void rows_q6_k(const uint8_t* w, const float* x, float* y, int rows, int cols, int tokens, int split) {
    int row = warp_row(split);
    int part = warp_part(split);
    bool live = row < rows;
    int lane = threadIdx.x & 31;
    int blocks = cols >> 8;
    const uint8_t* r = w + (size_t) row * blocks * 210;
    int h = lane >> 4;
    int l = (lane & 15) * 2;
    float acc[T] = {};
#pragma unroll 2
    for (int b = part; live && b < blocks; b += split) {
        const uint8_t* blk = r + (size_t) b * 210;
        float d = load_half(blk + 208);
        const int8_t* scales = reinterpret_cast<const int8_t*>(blk + 192) + 8 * h + l / 16;
        float v[2][4];
#pragma unroll
        for (int i = 0; i < 2; i++) {
            uint8_t low0 = blk[64 * h + l + i];
            uint8_t low1 = blk[64 * h + 32 + l + i];
            uint8_t high = blk[128 + 32 * h + l + i];
            v[i][0] = (int) ((low0 & 0x0F) | ((high & 3) << 4)) - 32;
            v[i][1] = (int) ((low1 & 0x0F) | (((high >> 2) & 3) << 4)) - 32;
            v[i][2] = (int) ((low0 >> 4) | (((high >> 4) & 3) << 4)) - 32;
            v[i][3] = (int) ((low1 >> 4) | (((high >> 6) & 3) << 4)) - 32;
        }
        float s0 = d * scales[0], s1 = d * scales[2], s2 = d * scales[4], s3 = d * scales[6];
#pragma unroll
        for (int t = 0; t < T; t++) {
            const float* xv = x + (size_t) t * cols + b * 256 + 128 * h + l;
            acc[t] += s0 * (v[0][0] * xv[0] + v[1][0] * xv[1])
                    + s1 * (v[0][1] * xv[32] + v[1][1] * xv[33])
                    + s2 * (v[0][2] * xv[64] + v[1][2] * xv[65])
                    + s3 * (v[0][3] * xv[96] + v[1][3] * xv[97]);
        }
    }
    store_rows<T>(acc, y, row, rows, tokens, split);
}

template <int T> __device__ void rows_f16(const uint16_t* w, const float* x, float* y, int rows, int cols, int tokens, int split) {
    rows_half<T, false>(w, x, y, rows, cols, tokens, split);
}
template <int T> __device__ void rows_bf16(const uint16_t* w, const float* x, float* y, int rows, int cols, int tokens, int split) {
    rows_half<T, true>(w, x, y, rows, cols, tokens, split);
}


// The kernels: matvec_<type> for one token, matmul_<type> for a tile of up to TILE tokens.
extern "C" __global__ void matvec_f32(const float* w, const float* x, float* y, int rows, int cols, int split) {
    rows_f32<1>(w, x, y, rows, cols, 1, split);
}
extern "C" __global__ void matmul_f32(const float* w, const float* x, float* y, int rows, int cols, int tokens, int split) {
    rows_f32<TILE>(w, x, y, rows, cols, tokens, split);
}
extern "C" __global__ void matvec_f16(const uint16_t* w, const float* x, float* y, int rows, int cols, int split) {
    rows_f16<1>(w, x, y, rows, cols, 1, split);
}
extern "C" __global__ void matmul_f16(const uint16_t* w, const float* x, float* y, int rows, int cols, int tokens, int split) {
    rows_f16<TILE>(w, x, y, rows, cols, tokens, split);
}
extern "C" __global__ void matvec_bf16(const uint16_t* w, const float* x, float* y, int rows, int cols, int split) {
    rows_bf16<1>(w, x, y, rows, cols, 1, split);
}
extern "C" __global__ void matmul_bf16(const uint16_t* w, const float* x, float* y, int rows, int cols, int tokens, int split) {
    rows_bf16<TILE>(w, x, y, rows, cols, tokens, split);
}
extern "C" __global__ void matvec_q8_0(const uint8_t* w, const float* x, float* y, int rows, int cols, int split) {
    rows_q8_0<1>(w, x, y, rows, cols, 1, split);
}
extern "C" __global__ void matmul_q8_0(const uint8_t* w, const float* x, float* y, int rows, int cols, int tokens, int split) {
    rows_q8_0<TILE>(w, x, y, rows, cols, tokens, split);
}
extern "C" __global__ void matvec_q4_0(const uint8_t* w, const float* x, float* y, int rows, int cols, int split) {
    rows_q4_0<1>(w, x, y, rows, cols, 1, split);
}
extern "C" __global__ void matmul_q4_0(const uint8_t* w, const float* x, float* y, int rows, int cols, int tokens, int split) {
    rows_q4_0<TILE>(w, x, y, rows, cols, tokens, split);
}
extern "C" __global__ void matvec_q4_k(const uint8_t* w, const float* x, float* y, int rows, int cols, int split) {
    rows_q4_k<1>(w, x, y, rows, cols, 1, split);
}
extern "C" __global__ void matmul_q4_k(const uint8_t* w, const float* x, float* y, int rows, int cols, int tokens, int split) {
    rows_q4_k<TILE>(w, x, y, rows, cols, tokens, split);
}
extern "C" __global__ void matvec_q6_k(const uint8_t* w, const float* x, float* y, int rows, int cols, int split) {
    rows_q6_k<1>(w, x, y, rows, cols, 1, split);
}
extern "C" __global__ void matmul_q6_k(const uint8_t* w, const float* x, float* y, int rows, int cols, int tokens, int split) {
    rows_q6_k<TILE>(w, x, y, rows, cols, tokens, split);
}
extern "C" __global__ void matvec_q8_0_planes(const uint8_t* w, const float* x, float* y, int rows, int cols, int split) {
    rows_planes<1, Q8_0Word>(w, x, y, rows, cols, 1, split);
}
extern "C" __global__ void matmul_q8_0_planes(const uint8_t* w, const float* x, float* y, int rows, int cols, int tokens, int split) {
    rows_planes<TILE, Q8_0Word>(w, x, y, rows, cols, tokens, split);
}
extern "C" __global__ void matvec_q4_0_planes(const uint8_t* w, const float* x, float* y, int rows, int cols, int split) {
    rows_planes<1, Q4_0Word>(w, x, y, rows, cols, 1, split);
}
extern "C" __global__ void matmul_q4_0_planes(const uint8_t* w, const float* x, float* y, int rows, int cols, int tokens, int split) {
    rows_planes<TILE, Q4_0Word>(w, x, y, rows, cols, tokens, split);
}
