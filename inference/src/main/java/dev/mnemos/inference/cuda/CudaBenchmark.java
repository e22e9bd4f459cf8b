package dev.mnemos.inference.cuda;

import dev.mnemos.inference.model.Model;
import java.util.SplittableRandom;

/**
 * {@code mnemos bench --device cuda}: the prompt (random tokens) written into the device KV cache in tiles of 8,
 * then greedy decoding on the device (argmax and the next step in the same CUDA graph, no host in between).
 *
 * @param promptTokensPerSecond the prompt, one graph launch per tile of {@link DeviceMatrix#TILE} tokens
 * @param genTokensPerSecond    decoding after the prompt
 * @param bytesPerToken         matrix and KV bytes a decode step reads (at the middle of the generated run)
 * @param graph                 whether the steps ran as CUDA graphs (else the reason they did not)
 */
public record CudaBenchmark(double promptTokensPerSecond, double genTokensPerSecond, long bytesPerToken, String graph) {

    public static CudaBenchmark run(Model model, CudaDevice device, int promptTokens, int genTokens) {
        if (promptTokens <= 0 || genTokens <= 0) throw new IllegalArgumentException("prompt " + promptTokens + ", generated " + genTokens);
        int context = promptTokens + genTokens + 2;
        try (CudaContext gpu = CudaContext.open(device); CudaTransformer cuda = new CudaTransformer(gpu, model, context, 16, 0)) {
            int[] tokens = new SplittableRandom(42).ints(context + 1, 0, model.shape().vocabularySize()).toArray();
            cuda.history(0, tokens);
            cuda.prefill(tokens, 0, Math.min(promptTokens, 2 * DeviceMatrix.TILE), 0, false); // captures the tile graphs
            cuda.at(tokens[0], 0);
            cuda.generate(1, AttentionMode.DENSE); // and the decode graph
            cuda.synchronize();
            long start = System.nanoTime();
            cuda.prefill(tokens, 0, promptTokens, 0, false);
            cuda.synchronize();
            double prompt = promptTokens / ((System.nanoTime() - start) / 1e9);
            int last = cuda.history(promptTokens + 1)[promptTokens];
            cuda.at(last, promptTokens);
            start = System.nanoTime();
            cuda.generate(genTokens, AttentionMode.DENSE);
            cuda.synchronize();
            double gen = genTokens / ((System.nanoTime() - start) / 1e9);
            long bytes = cuda.weights().matrixBytesPerToken() + cuda.kv().bytesRead(promptTokens + genTokens / 2);
            return new CudaBenchmark(prompt, gen, bytes, cuda.graphFailure() == null ? "CUDA graphs" : "no graph: " + cuda.graphFailure());
        }
    }
}
