// Rotary position embedding in place over heads x headSize (one token), rotating the leading
// 2 * pairs dimensions of each head, as the CPU's Rope does.
// invFreq[pairs] comes from the host (it already holds the model's frequency factors), so the
// GPU computes the same angles as the CPU: angle = position * invFreq[i].
// neox = 0: pairs are (2i, 2i+1) (Llama in GGUF); neox = 1: pairs are (i, i + pairs) (Qwen2).
// Launch: one thread per (head, pair): grid = ceil(heads * pairs / block).
extern "C" __global__ void rope(float* x, const float* invFreq, int heads, int headSize, int pairs,
                                int position, int neox) {
    int t = blockIdx.x * blockDim.x + threadIdx.x;
    if (t >= heads * pairs) return;
    int head = t / pairs;
    int i = t - head * pairs;
    float s, c;
    // sincosf, not __sincosf: positions reach 32K and more, where the fast version loses digits.
    sincosf((float) position * invFreq[i], &s, &c);
    float* h = x + (size_t) head * headSize;
    int a = neox ? i : 2 * i;
    int b = neox ? i + pairs : 2 * i + 1;
    float x0 = h[a];
    float x1 = h[b];
    h[a] = x0 * c - x1 * s;
    h[b] = x0 * s + x1 * c;
}
