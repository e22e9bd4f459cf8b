package dev.mnemos.inference.cuda;

import dev.mnemos.inference.model.ModelShape;
import jcuda.Sizeof;
import jcuda.driver.CUdeviceptr;

/**
 * The device buffers of one sequence's decode step, allocated once (as the CPU's State), so that the step
 * allocates nothing and its plan can be captured into a graph.
 *
 * @param x        (dim) the residual stream
 * @param xb       (max(dim, queryDim)) normalised input, then attention output
 * @param xb2      (dim) projection output before the residual add
 * @param q        (queryDim)
 * @param k        (kvDim)
 * @param v        (kvDim)
 * @param hb       (ffn) gate, then SwiGLU output
 * @param hb2      (ffn) up
 * @param logits   (vocab)
 * @param step     the step's token, position and length (step.h)
 * @param history  (context + 1) the token at each position: the prompt is written here, argmax appends
 * @param invFreq  (pairs) RoPE inverse frequencies, doubles
 * @param partialO (heads, splits, headSize) split-K partial outputs
 * @param partialM (heads, splits)
 * @param partialL (heads, splits)
 * @param stats    (heads, 2) softmax max and denominator of the last attention
 * @param scores   (heads, maxPages) Quest bounds
 * @param selected (heads, budget) Quest's pages
 * @param listed   (heads, maxPages) the host's list of pages ({@link AttentionMode#listed})
 * @param splits   splits of the attention's pages
 */
public record DecodeBuffers(CUdeviceptr x, CUdeviceptr xb, CUdeviceptr xb2, CUdeviceptr q, CUdeviceptr k, CUdeviceptr v, CUdeviceptr hb,
                            CUdeviceptr hb2, CUdeviceptr logits, CUdeviceptr step, CUdeviceptr history, CUdeviceptr invFreq,
                            CUdeviceptr partialO, CUdeviceptr partialM, CUdeviceptr partialL, CUdeviceptr stats, CUdeviceptr scores,
                            CUdeviceptr selected, CUdeviceptr listed, int splits) {

    /** Ints of the step record (STEP_INTS in step.h): token, position, length, spare. */
    public static final int STEP_INTS = 4;

    static DecodeBuffers allocate(CudaContext gpu, ModelShape shape, double[] invFreq, int maxPages, int context, int maxBudget, int splits) {
        int heads = shape.headCount();
        long f = Sizeof.FLOAT;
        return new DecodeBuffers(gpu.allocate(shape.embeddingLength() * f), gpu.allocate(Math.max(shape.embeddingLength(), shape.queryDim()) * f),
                gpu.allocate(shape.embeddingLength() * f), gpu.allocate(shape.queryDim() * f), gpu.allocate(shape.kvDim() * f),
                gpu.allocate(shape.kvDim() * f), gpu.allocate(shape.feedForwardLength() * f), gpu.allocate(shape.feedForwardLength() * f),
                gpu.allocate(shape.vocabularySize() * f), gpu.upload(new int[STEP_INTS]), gpu.upload(new int[context + 1]), gpu.upload(invFreq),
                gpu.allocate((long) heads * splits * shape.headSize() * f), gpu.allocate((long) heads * splits * f),
                gpu.allocate((long) heads * splits * f), gpu.allocate(2L * heads * f), gpu.allocate((long) heads * maxPages * f),
                gpu.allocate((long) heads * Math.max(1, maxBudget) * Sizeof.INT), gpu.upload(new int[heads * maxPages]), splits);
    }
}
