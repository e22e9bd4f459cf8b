package dev.mnemos.inference.model;

import dev.mnemos.inference.tensor.FloatTensor;

/**
 * All weights of a model, read in place from the GGUF mapping (norms and biases, which are tiny, are
 * copied to float arrays).
 *
 * @param tokenEmbeddingTable {@code token_embd.weight} (vocab, dim)
 * @param layers              one per block
 * @param rmsFinalWeight      {@code output_norm.weight} (dim)
 * @param wcls                {@code output.weight} (vocab, dim); the embedding table itself when the model ties them
 * @param ropeFrequencyFactors {@code rope_freqs.weight} (rope dims / 2), or null
 */
public record Weights(
        FloatTensor tokenEmbeddingTable,
        LayerWeights[] layers,
        float[] rmsFinalWeight,
        FloatTensor wcls,
        float[] ropeFrequencyFactors) {}
