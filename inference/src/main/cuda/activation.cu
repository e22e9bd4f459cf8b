// Element-wise steps of the feed-forward block and the residual stream.
// Launch: one thread per element, grid = ceil(n / block).

// SwiGLU: out = silu(gate) * up, silu(g) = g / (1 + e^-g).
extern "C" __global__ void swiglu(const float* gate, const float* up, float* out, int n) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    float g = gate[i];
    out[i] = g / (1.0f + expf(-g)) * up[i];
}

// Residual add in place: x += delta.
extern "C" __global__ void residual_add(float* x, const float* delta, int n) {
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= n) return;
    x[i] += delta[i];
}
