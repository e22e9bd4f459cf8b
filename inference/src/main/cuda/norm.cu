// RMSNorm: y = x / sqrt(mean(x^2) + eps) * weight, one block per row of n values.
// Launch: grid = rows, block = any multiple of 32 up to 1024; the sum of squares is reduced
// with warp shuffles, then across warps through shared memory (one float per warp).
#define FULL_MASK 0xffffffffu

__device__ __forceinline__ float warp_sum_all(float v) {
    for (int offset = 16; offset > 0; offset >>= 1) {
        v += __shfl_xor_sync(FULL_MASK, v, offset);
    }
    return v; // complete in every lane
}

extern "C" __global__ void rmsnorm(const float* x, const float* weight, float* y, int n, float eps) {
    __shared__ float partial[32];
    const float* xr = x + (size_t) blockIdx.x * n;
    float* yr = y + (size_t) blockIdx.x * n;
    float ss = 0.0f;
    for (int i = threadIdx.x; i < n; i += blockDim.x) {
        float v = xr[i];
        ss += v * v;
    }
    ss = warp_sum_all(ss);
    int warp = threadIdx.x >> 5;
    int lane = threadIdx.x & 31;
    int warps = (blockDim.x + 31) >> 5;
    if (lane == 0) partial[warp] = ss;
    __syncthreads();
    if (warp == 0) {
        float v = lane < warps ? partial[lane] : 0.0f;
        v = warp_sum_all(v);
        if (lane == 0) partial[0] = v;
    }
    __syncthreads();
    float scale = rsqrtf(partial[0] / n + eps);
    for (int i = threadIdx.x; i < n; i += blockDim.x) {
        yr[i] = xr[i] * scale * weight[i];
    }
}
