package dev.mnemos.inference.gguf;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A Llama or Qwen2 model of any shape with seeded random weights, written as a GGUF file that llama.cpp loads: the
 * standard tensor names ({@code token_embd.weight}, {@code blk.N.attn_q.weight}, ..., {@code output.weight}) and
 * {@code llama.*} / {@code qwen2.*} keys, with the tokenizer copied from another GGUF file. Tests and benchmarks use it
 * for models larger than the ones in the shared models folder.
 *
 * <p>Matrices are stored in the chosen weight type, quantized by ggml's reference quantizers; a matrix whose rows are
 * not a whole number of blocks falls back to Q8_0 (K-quants, when rows are a multiple of 32) or F16. Vectors (norms,
 * biases) stay F32. The same seed gives the same weights before quantization in every weight type, so files of
 * different types can be compared with each other.
 *
 * <pre>{@code
 * RandomModel.builder().architecture("llama").embeddingLength(768).blockCount(12).headCount(12).headCountKv(12)
 *         .feedForwardLength(2048).weightType(GgmlType.Q8_0).tokenizer(vocab.metadata()).seed(42).build()
 *         .write(path);
 * }</pre>
 */
public final class RandomModel {

    private final String architecture;
    private final int embeddingLength;
    private final int blockCount;
    private final int headCount;
    private final int headCountKv;
    private final int feedForwardLength;
    private final int vocabularySize;
    private final int contextLength;
    private final float ropeFreqBase;
    private final float rmsEpsilon;
    private final boolean tiedEmbeddings;
    private final GgmlType weightType;
    private final long seed;
    private final GgufMetadata tokenizer; // tokenizer.* keys only

    private RandomModel(Builder builder) {
        this.architecture = Objects.requireNonNull(builder.architecture, "architecture");
        if (!architecture.equals("llama") && !architecture.equals("qwen2")) {
            throw new IllegalArgumentException("unknown architecture " + architecture + ", expected llama or qwen2");
        }
        this.embeddingLength = positive("embeddingLength", builder.embeddingLength);
        this.blockCount = positive("blockCount", builder.blockCount);
        this.headCount = positive("headCount", builder.headCount);
        this.headCountKv = positive("headCountKv", builder.headCountKv == 0 ? builder.headCount : builder.headCountKv);
        this.feedForwardLength = positive("feedForwardLength", builder.feedForwardLength);
        this.contextLength = positive("contextLength", builder.contextLength);
        if (embeddingLength % headCount != 0 || headCount % headCountKv != 0) {
            throw new IllegalArgumentException("embeddingLength " + embeddingLength + ", headCount " + headCount
                    + " and headCountKv " + headCountKv + " do not divide evenly");
        }
        this.ropeFreqBase = builder.ropeFreqBase;
        this.rmsEpsilon = builder.rmsEpsilon;
        this.tiedEmbeddings = builder.tiedEmbeddings;
        this.weightType = Objects.requireNonNull(builder.weightType, "weightType");
        this.seed = builder.seed;
        this.tokenizer = builder.tokenizer;
        int tokenCount = tokenizer == null ? 0 : tokenizer.getArray("tokenizer.ggml.tokens").size();
        if (builder.vocabularySize == 0 && tokenCount == 0) {
            throw new IllegalArgumentException("give a vocabularySize or a tokenizer");
        }
        if (builder.vocabularySize != 0 && tokenCount != 0 && builder.vocabularySize != tokenCount) {
            throw new IllegalArgumentException("vocabularySize " + builder.vocabularySize
                    + " differs from the tokenizer's " + tokenCount + " tokens");
        }
        this.vocabularySize = builder.vocabularySize != 0 ? builder.vocabularySize : tokenCount;
    }

    public static Builder builder() {
        return new Builder();
    }

    public int headSize() {
        return embeddingLength / headCount;
    }

    /** Parameters over all tensors, tied embeddings counted once. */
    public long parameterCount() {
        return tensors().stream().mapToLong(tensor -> product(tensor.shape())).sum();
    }

    /** Writes the model, replacing any file at {@code path}. */
    public void write(Path path) throws IOException {
        var writer = new GgufWriter();
        String prefix = architecture + ".";
        writer.putString("general.architecture", architecture)
                .putString("general.name", "mnemos random " + architecture)
                .putUint32("general.file_type", fileType(weightType))
                .putUint32(prefix + "context_length", contextLength)
                .putUint32(prefix + "embedding_length", embeddingLength)
                .putUint32(prefix + "block_count", blockCount)
                .putUint32(prefix + "feed_forward_length", feedForwardLength)
                .putUint32(prefix + "attention.head_count", headCount)
                .putUint32(prefix + "attention.head_count_kv", headCountKv)
                .putUint32(prefix + "rope.dimension_count", headSize())
                .putFloat32(prefix + "rope.freq_base", ropeFreqBase)
                .putFloat32(prefix + "attention.layer_norm_rms_epsilon", rmsEpsilon)
                .putUint32(prefix + "vocab_size", vocabularySize);
        if (weightType.isQuantized()) {
            writer.putUint32("general.quantization_version", 2);
        }
        if (tokenizer != null) {
            writer.putAll(tokenizer);
        }
        var random = new SplittableRandom(seed);
        for (TensorSpec tensor : tensors()) {
            // one split per tensor, so that a tensor's values depend on the seed and its place only
            SplittableRandom values = random.split();
            GgmlType type = storedType(tensor.shape());
            writer.tensor(tensor.name(), type, tensor.shape(), target -> fill(target, type, tensor, values));
        }
        writer.write(path);
    }

    private record TensorSpec(String name, long[] shape, float range, float center) {
    }

    private List<TensorSpec> tensors() {
        long embd = embeddingLength;
        long kv = (long) headSize() * headCountKv;
        long ff = feedForwardLength;
        float attention = (float) (1 / Math.sqrt(embd));
        var tensors = new ArrayList<TensorSpec>();
        tensors.add(new TensorSpec("token_embd.weight", new long[] {embd, vocabularySize}, 1f, 0f));
        for (int layer = 0; layer < blockCount; layer++) {
            String blk = "blk." + layer + ".";
            tensors.add(new TensorSpec(blk + "attn_norm.weight", new long[] {embd}, 0.1f, 1f));
            tensors.add(new TensorSpec(blk + "attn_q.weight", new long[] {embd, embd}, attention, 0f));
            tensors.add(new TensorSpec(blk + "attn_k.weight", new long[] {embd, kv}, attention, 0f));
            tensors.add(new TensorSpec(blk + "attn_v.weight", new long[] {embd, kv}, attention, 0f));
            if (architecture.equals("qwen2")) {
                tensors.add(new TensorSpec(blk + "attn_q.bias", new long[] {embd}, 0.1f, 0f));
                tensors.add(new TensorSpec(blk + "attn_k.bias", new long[] {kv}, 0.1f, 0f));
                tensors.add(new TensorSpec(blk + "attn_v.bias", new long[] {kv}, 0.1f, 0f));
            }
            tensors.add(new TensorSpec(blk + "attn_output.weight", new long[] {embd, embd}, attention, 0f));
            tensors.add(new TensorSpec(blk + "ffn_norm.weight", new long[] {embd}, 0.1f, 1f));
            tensors.add(new TensorSpec(blk + "ffn_gate.weight", new long[] {embd, ff}, attention, 0f));
            tensors.add(new TensorSpec(blk + "ffn_up.weight", new long[] {embd, ff}, attention, 0f));
            tensors.add(new TensorSpec(blk + "ffn_down.weight", new long[] {ff, embd},
                    (float) (1 / Math.sqrt(ff)), 0f));
        }
        tensors.add(new TensorSpec("output_norm.weight", new long[] {embd}, 0.1f, 1f));
        if (!tiedEmbeddings) {
            tensors.add(new TensorSpec("output.weight", new long[] {embd, vocabularySize}, attention, 0f));
        }
        return tensors;
    }

    private GgmlType storedType(long[] shape) {
        if (shape.length == 1) {
            return GgmlType.F32;
        }
        if (shape[0] % weightType.blockSize() == 0) {
            return weightType;
        }
        // our fallback for rows that are not a whole number of blocks (llama-quantize picks Q5_0 or Q8_0 for K-quants)
        return weightType == GgmlType.Q4_K || weightType == GgmlType.Q6_K
                ? (shape[0] % 32 == 0 ? GgmlType.Q8_0 : GgmlType.F16)
                : GgmlType.F16;
    }

    /** Row by row: uniform values in {@code center ± range}, stored as {@code type}. */
    private static void fill(MemorySegment target, GgmlType type, TensorSpec tensor, SplittableRandom random) {
        int rowLength = (int) tensor.shape()[0];
        long rows = product(tensor.shape()) / rowLength;
        long rowBytes = type.byteSize(rowLength);
        float[] row = new float[rowLength];
        Quantizer quantizer = Quantizer.of(type);
        for (long r = 0; r < rows; r++) {
            for (int i = 0; i < rowLength; i++) {
                row[i] = tensor.center() + (float) ((random.nextDouble() * 2 - 1) * tensor.range());
            }
            quantizer.quantize(row, 0, rowLength, target, r * rowBytes);
        }
    }

    /** llama.cpp's {@code llama_ftype} for a file whose matrices are all of this type. */
    static int fileType(GgmlType type) {
        return switch (type) {
            case F32 -> 0;
            case F16 -> 1;
            case Q4_0 -> 2;
            case Q8_0 -> 7;
            case BF16 -> 32;
            case Q4_K -> 15; // LLAMA_FTYPE_MOSTLY_Q4_K_M, the name llama.cpp gives a file of Q4_K matrices
            case Q6_K -> 18;
            default -> throw new IllegalArgumentException("no random model of " + type + " weights");
        };
    }

    private static long product(long[] shape) {
        long product = 1;
        for (long dimension : shape) {
            product *= dimension;
        }
        return product;
    }

    private static int positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, not " + value);
        }
        return value;
    }

    /** Defaults: 2048 context, rope base 10000, RMS epsilon 1e-5, separate output matrix, F32 weights, seed 0. */
    public static final class Builder {
        private String architecture = "llama";
        private int embeddingLength;
        private int blockCount;
        private int headCount;
        private int headCountKv;
        private int feedForwardLength;
        private int vocabularySize;
        private int contextLength = 2048;
        private float ropeFreqBase = 10000f;
        private float rmsEpsilon = 1e-5f;
        private boolean tiedEmbeddings;
        private GgmlType weightType = GgmlType.F32;
        private long seed;
        private GgufMetadata tokenizer;

        private Builder() {
        }

        /** {@code llama} or {@code qwen2} (which adds q/k/v biases). */
        public Builder architecture(String architecture) {
            this.architecture = architecture;
            return this;
        }

        public Builder embeddingLength(int embeddingLength) {
            this.embeddingLength = embeddingLength;
            return this;
        }

        public Builder blockCount(int blockCount) {
            this.blockCount = blockCount;
            return this;
        }

        public Builder headCount(int headCount) {
            this.headCount = headCount;
            return this;
        }

        /** Defaults to {@link #headCount}. */
        public Builder headCountKv(int headCountKv) {
            this.headCountKv = headCountKv;
            return this;
        }

        public Builder feedForwardLength(int feedForwardLength) {
            this.feedForwardLength = feedForwardLength;
            return this;
        }

        /** Needed only without a tokenizer; with one, it must equal the tokenizer's token count. */
        public Builder vocabularySize(int vocabularySize) {
            this.vocabularySize = vocabularySize;
            return this;
        }

        public Builder contextLength(int contextLength) {
            this.contextLength = contextLength;
            return this;
        }

        public Builder ropeFreqBase(float ropeFreqBase) {
            this.ropeFreqBase = ropeFreqBase;
            return this;
        }

        public Builder rmsEpsilon(float rmsEpsilon) {
            this.rmsEpsilon = rmsEpsilon;
            return this;
        }

        /** Without {@code output.weight}: the output projection reuses {@code token_embd.weight}. */
        public Builder tiedEmbeddings(boolean tiedEmbeddings) {
            this.tiedEmbeddings = tiedEmbeddings;
            return this;
        }

        /** F32, F16, BF16, Q8_0, Q4_0, Q4_K or Q6_K. */
        public Builder weightType(GgmlType weightType) {
            this.weightType = weightType;
            return this;
        }

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Copies every {@code tokenizer.*} key of {@code source} (another GGUF file's metadata). */
        public Builder tokenizer(GgufMetadata source) {
            var keys = new LinkedHashMap<String, GgufValue>();
            source.asMap().forEach((key, value) -> {
                if (key.startsWith("tokenizer.")) {
                    keys.put(key, value);
                }
            });
            this.tokenizer = new GgufMetadata(keys);
            return this;
        }

        public RandomModel build() {
            return new RandomModel(this);
        }
    }
}
