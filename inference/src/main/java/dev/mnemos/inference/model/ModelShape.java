package dev.mnemos.inference.model;

import dev.mnemos.inference.gguf.GgufMetadata;
import dev.mnemos.inference.gguf.ModelFormatException;

/**
 * The size of a transformer, from the {@code <arch>.*} block of GGUF metadata.
 *
 * @param embeddingLength   {@code <arch>.embedding_length}: the model dimension
 * @param blockCount        {@code <arch>.block_count}: number of layers
 * @param headCount         {@code <arch>.attention.head_count}
 * @param headCountKv       {@code <arch>.attention.head_count_kv} (default: headCount, no GQA)
 * @param feedForwardLength {@code <arch>.feed_forward_length}
 * @param contextLength     {@code <arch>.context_length}: positions the model was trained for
 * @param rmsNormEpsilon    {@code <arch>.attention.layer_norm_rms_epsilon}
 * @param headSize          {@code <arch>.attention.key_length} (default: embeddingLength / headCount)
 * @param vocabularySize    rows of {@code token_embd.weight}
 */
public record ModelShape(
        int embeddingLength,
        int blockCount,
        int headCount,
        int headCountKv,
        int feedForwardLength,
        int contextLength,
        float rmsNormEpsilon,
        int headSize,
        int vocabularySize) {

    public ModelShape {
        if (embeddingLength <= 0 || blockCount <= 0 || headCount <= 0 || headCountKv <= 0 || feedForwardLength <= 0 || contextLength <= 0 || headSize <= 0 || vocabularySize <= 0) {
            throw new ModelFormatException("model shape has a size that is not positive: " + this);
        }
        if (headCount % headCountKv != 0) {
            throw new ModelFormatException("head_count " + headCount + " is not a multiple of head_count_kv " + headCountKv);
        }
    }

    static ModelShape from(GgufMetadata metadata, Architecture architecture, int vocabularySize) {
        String arch = architecture.ggufName();
        int embeddingLength = metadata.getInt(arch + ".embedding_length");
        int headCount = metadata.getInt(arch + ".attention.head_count");
        return new ModelShape(
                embeddingLength,
                metadata.getInt(arch + ".block_count"),
                headCount,
                metadata.getInt(arch + ".attention.head_count_kv", headCount),
                metadata.getInt(arch + ".feed_forward_length"),
                metadata.getInt(arch + ".context_length"),
                metadata.getFloat(arch + ".attention.layer_norm_rms_epsilon", 1e-5f),
                metadata.getInt(arch + ".attention.key_length", embeddingLength / headCount),
                vocabularySize);
    }

    /** Width of all query heads together (embeddingLength unless key_length says otherwise). */
    public int queryDim() {
        return headCount * headSize;
    }

    /** Width of one position's keys (or values) in the KV cache. */
    public int kvDim() {
        return headCountKv * headSize;
    }

    /** Query heads that share one key/value head. */
    public int groupSize() {
        return headCount / headCountKv;
    }
}
