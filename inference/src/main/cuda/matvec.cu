// Fused dequantize x vector for decode: y[row] = sum_j W[row, j] * x[j].
// W is row-major in its GGUF layout (cols values per row, rows contiguous); x and y are F32.
// One warp per row: decode is memory-bound, so what matters is that a warp's 32 lanes read
// neighbouring bytes of one row at the same time (coalesced) and that nothing is written
// back to device memory before the dot product is complete.
// Launch: block = (32 * WARPS_PER_BLOCK), grid = ceil(rows / WARPS_PER_BLOCK); any block
// size that is a multiple of 32 works, the kernels read the warp count from blockDim.
#include <cuda_fp16.h>
#include <stdint.h>

#define FULL_MASK 0xffffffffu

__device__ __forceinline__ float warp_sum(float v) {
    for (int offset = 16; offset > 0; offset >>= 1) {
        v += __shfl_down_sync(FULL_MASK, v, offset);
    }
    return v; // complete in lane 0 only
}

__device__ __forceinline__ int warp_row() {
    return blockIdx.x * (blockDim.x >> 5) + (threadIdx.x >> 5);
}

// GGML blocks are 2-byte aligned only (34 and 18 bytes), so the f16 scale is read as two bytes.
__device__ __forceinline__ float load_scale(const uint8_t* p) {
    uint16_t bits = (uint16_t) p[0] | ((uint16_t) p[1] << 8);
    return __half2float(__ushort_as_half(bits));
}

extern "C" __global__ void matvec_f32(const float* w, const float* x, float* y, int rows, int cols) {
    int row = warp_row();
    if (row >= rows) return;
    int lane = threadIdx.x & 31;
    const float* r = w + (size_t) row * cols;
    float acc = 0.0f;
    // Lane j reads element j of each 32-wide stripe: 128 contiguous bytes per warp load.
    for (int j = lane; j < cols; j += 32) {
        acc += r[j] * x[j];
    }
    acc = warp_sum(acc);
    if (lane == 0) y[row] = acc;
}

extern "C" __global__ void matvec_f16(const __half* w, const float* x, float* y, int rows, int cols) {
    int row = warp_row();
    if (row >= rows) return;
    int lane = threadIdx.x & 31;
    const __half* r = w + (size_t) row * cols;
    float acc = 0.0f;
    if ((cols & 1) == 0) {
        // Pairs as half2: each lane loads 4 bytes, the warp 128 contiguous bytes.
        const __half2* r2 = reinterpret_cast<const __half2*>(r);
        int pairs = cols >> 1;
        for (int j = lane; j < pairs; j += 32) {
            float2 v = __half22float2(r2[j]);
            acc += v.x * x[2 * j] + v.y * x[2 * j + 1];
        }
    } else {
        for (int j = lane; j < cols; j += 32) {
            acc += __half2float(r[j]) * x[j];
        }
    }
    acc = warp_sum(acc);
    if (lane == 0) y[row] = acc;
}

// Q8_0: blocks of 32 values, each 34 bytes: f16 scale d, then 32 int8 q; value = q * d.
// Eight lanes share a block (four quants each), so one warp step covers four whole blocks,
// 136 contiguous bytes. cols must be a multiple of 32 (GGUF guarantees it for Q8_0).
extern "C" __global__ void matvec_q8_0(const uint8_t* w, const float* x, float* y, int rows, int cols) {
    int row = warp_row();
    if (row >= rows) return;
    int lane = threadIdx.x & 31;
    int blocks = cols >> 5;
    const uint8_t* r = w + (size_t) row * blocks * 34;
    int sub = lane & 7;
    float acc = 0.0f;
    for (int b = lane >> 3; b < blocks; b += 4) {
        const uint8_t* blk = r + (size_t) b * 34;
        float d = load_scale(blk);
        const int8_t* q = reinterpret_cast<const int8_t*>(blk + 2) + sub * 4;
        const float* xv = x + b * 32 + sub * 4;
        float s = q[0] * xv[0] + q[1] * xv[1] + q[2] * xv[2] + q[3] * xv[3];
        acc += d * s;
    }
    acc = warp_sum(acc);
    if (lane == 0) y[row] = acc;
}

// Q4_0: blocks of 32 values, each 18 bytes: f16 scale d, then 16 bytes; byte j holds value j
// in its low nibble and value j + 16 in its high nibble; value = (nibble - 8) * d.
// Eight lanes share a block (two bytes, four values each); four blocks per warp step.
extern "C" __global__ void matvec_q4_0(const uint8_t* w, const float* x, float* y, int rows, int cols) {
    int row = warp_row();
    if (row >= rows) return;
    int lane = threadIdx.x & 31;
    int blocks = cols >> 5;
    const uint8_t* r = w + (size_t) row * blocks * 18;
    int j = (lane & 7) * 2;
    float acc = 0.0f;
    for (int b = lane >> 3; b < blocks; b += 4) {
        const uint8_t* blk = r + (size_t) b * 18;
        float d = load_scale(blk);
        uint8_t q0 = blk[2 + j];
        uint8_t q1 = blk[3 + j];
        const float* xv = x + b * 32;
        float s = ((int) (q0 & 0x0F) - 8) * xv[j]
                + ((int) (q1 & 0x0F) - 8) * xv[j + 1]
                + ((int) (q0 >> 4) - 8) * xv[j + 16]
                + ((int) (q1 >> 4) - 8) * xv[j + 17];
        acc += d * s;
    }
    acc = warp_sum(acc);
    if (lane == 0) y[row] = acc;
}
