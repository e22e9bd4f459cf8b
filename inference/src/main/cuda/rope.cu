// Rotary position embedding in place over heads x headSize (one token), rotating the leading
// 2 * pairs dimensions of each head, as the CPU's Rope does.
// invFreq[pairs] comes from the host as doubles (it already holds the model's frequency factors)
// and the angle is formed and turned into cos/sin in double precision, as the CPU does: at 32K
// positions a float product would be off by milliradians.
// The position is read from device memory (step[STEP_POSITION]) so that a captured decode graph
// replays unchanged from one token to the next.
// neox = 0: pairs are (2i, 2i+1) (Llama in GGUF); neox = 1: pairs are (i, i + pairs) (Qwen2).
// Launch: one thread per (head, pair): grid = ceil(heads * pairs / block).
#include "step.h"

extern "C" __global__ void rope(float* x, const double* invFreq, int heads, int headSize, int pairs,
                                const int* step, int neox) {
    int t = blockIdx.x * blockDim.x + threadIdx.x;
    if (t >= heads * pairs) return;
    int head = t / pairs;
    int i = t - head * pairs;
    double s, c;
    sincos((double) step[STEP_POSITION] * invFreq[i], &s, &c);
    float* h = x + (size_t) head * headSize;
    int a = neox ? i : 2 * i;
    int b = neox ? i + pairs : 2 * i + 1;
    float x0 = h[a];
    float x1 = h[b];
    float cf = (float) c, sf = (float) s;
    h[a] = x0 * cf - x1 * sf;
    h[b] = x0 * sf + x1 * cf;
}
