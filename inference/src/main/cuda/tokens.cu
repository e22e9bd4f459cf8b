// The ends of a decode step: the token's embedding row in, the next token out, and the softmax
// for sampling on the host.
#include <math_constants.h>
#include "step.h"

#define FULL_MASK 0xffffffffu

// x[0 .. dim) = table[step[STEP_TOKEN] * dim ..]: the embedding table lives on the device as F32.
// Launch: grid = ceil(dim / block).
extern "C" __global__ void embed(const float* table, const int* step, float* x, int dim) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < dim) x[i] = table[(size_t) step[STEP_TOKEN] * dim + i];
}

// Greedy decoding on the device: the index of the largest logit (the lowest index on ties, as the
// CPU's sampler) is written to chosen[position + 1]; advance then takes it as the next token when
// chosen is the history. (A second plan, Quest's for one, may write its choices elsewhere and be
// compared with the dense ones without disturbing them.)
// Launch: one block of 1024 threads.
extern "C" __global__ void argmax(const float* logits, int n, const int* step, int* chosen) {
    __shared__ float bestValue[32];
    __shared__ int bestIndex[32];
    float value = -CUDART_INF_F;
    int index = 0x7fffffff;
    for (int i = threadIdx.x; i < n; i += blockDim.x) {
        float v = logits[i];
        if (v > value) { // i grows, so the first of equal values stays
            value = v;
            index = i;
        }
    }
    for (int offset = 16; offset > 0; offset >>= 1) {
        float v = __shfl_xor_sync(FULL_MASK, value, offset);
        int j = __shfl_xor_sync(FULL_MASK, index, offset);
        if (v > value || (v == value && j < index)) {
            value = v;
            index = j;
        }
    }
    int warp = threadIdx.x >> 5;
    int lane = threadIdx.x & 31;
    if (lane == 0) {
        bestValue[warp] = value;
        bestIndex[warp] = index;
    }
    __syncthreads();
    if (warp == 0) {
        int warps = (blockDim.x + 31) >> 5;
        value = lane < warps ? bestValue[lane] : -CUDART_INF_F;
        index = lane < warps ? bestIndex[lane] : 0x7fffffff;
        for (int offset = 16; offset > 0; offset >>= 1) {
            float v = __shfl_xor_sync(FULL_MASK, value, offset);
            int j = __shfl_xor_sync(FULL_MASK, index, offset);
            if (v > value || (v == value && j < index)) {
                value = v;
                index = j;
            }
        }
        if (lane == 0) chosen[step[STEP_POSITION] + 1] = index;
    }
}

// Moves the step to the next position, whose token is history[position]: a prompt token laid out
// there by the host, or the one argmax just chose.
// Launch: one thread.
extern "C" __global__ void advance(int* step, const int* history) {
    int position = step[STEP_POSITION] + 1;
    step[STEP_POSITION] = position;
    step[STEP_LENGTH] = position + 1;
    step[STEP_TOKEN] = history[position];
}

// p = softmax(logits / temperature) in place over n values, in one block of 1024 threads.
extern "C" __global__ void softmax(float* logits, int n, float temperature) {
    __shared__ float partial[32];
    __shared__ float shared;
    int warp = threadIdx.x >> 5;
    int lane = threadIdx.x & 31;
    int warps = (blockDim.x + 31) >> 5;
    float m = -CUDART_INF_F;
    for (int i = threadIdx.x; i < n; i += blockDim.x) m = fmaxf(m, logits[i] / temperature);
    for (int offset = 16; offset > 0; offset >>= 1) m = fmaxf(m, __shfl_xor_sync(FULL_MASK, m, offset));
    if (lane == 0) partial[warp] = m;
    __syncthreads();
    if (threadIdx.x == 0) {
        float all = -CUDART_INF_F;
        for (int w = 0; w < warps; w++) all = fmaxf(all, partial[w]);
        shared = all;
    }
    __syncthreads();
    m = shared;
    float sum = 0.0f;
    for (int i = threadIdx.x; i < n; i += blockDim.x) {
        float e = expf(logits[i] / temperature - m);
        logits[i] = e;
        sum += e;
    }
    for (int offset = 16; offset > 0; offset >>= 1) sum += __shfl_xor_sync(FULL_MASK, sum, offset);
    __syncthreads();
    if (lane == 0) partial[warp] = sum;
    __syncthreads();
    if (threadIdx.x == 0) {
        float all = 0.0f;
        for (int w = 0; w < warps; w++) all += partial[w];
        shared = all;
    }
    __syncthreads();
    float inverse = 1.0f / shared;
    for (int i = threadIdx.x; i < n; i += blockDim.x) logits[i] *= inverse;
}
