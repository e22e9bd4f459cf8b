package dev.mnemos.inference.model;

import dev.mnemos.inference.gguf.GgufFile;
import dev.mnemos.inference.gguf.GgufMetadata;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A transformer loaded from GGUF: what it is ({@link Architecture}), its size, its RoPE and its weights,
 * which stay in the file's mapping until {@link #close()}. Immutable and shared by every session.
 */
public final class Model implements AutoCloseable {

    private final GgufFile file;
    private final Architecture architecture;
    private final ModelShape shape;
    private final RopeConfig rope;
    private final Weights weights;

    private Model(GgufFile file, Architecture architecture, ModelShape shape, RopeConfig rope, Weights weights) {
        this.file = file;
        this.architecture = architecture;
        this.shape = shape;
        this.rope = rope;
        this.weights = weights;
    }

    /** Maps the file and loads the model; the model owns the file from then on. */
    public static Model open(Path path) throws IOException {
        GgufFile file = GgufFile.open(path);
        try {
            return load(file);
        } catch (RuntimeException e) {
            file.close();
            throw e;
        }
    }

    /**
     * Reads the metadata into records and the tensors into typed views.
     *
     * @throws dev.mnemos.inference.gguf.ModelFormatException for an unknown architecture, a missing key or tensor, or a shape that disagrees
     */
    public static Model load(GgufFile file) {
        GgufMetadata metadata = file.metadata();
        Architecture architecture = Architecture.of(metadata.getString("general.architecture"));
        int vocabularySize = (int) file.tensor("token_embd.weight").size(1);
        ModelShape shape = ModelShape.from(metadata, architecture, vocabularySize);
        RopeConfig rope = RopeConfig.from(metadata, architecture, shape.headSize());
        Tensors tensors = new Tensors(file);
        int dim = shape.embeddingLength(), q = shape.queryDim(), kv = shape.kvDim(), ffn = shape.feedForwardLength();
        LayerWeights[] layers = new LayerWeights[shape.blockCount()];
        for (int i = 0; i < layers.length; i++) {
            String blk = "blk." + i + ".";
            layers[i] = new LayerWeights(
                    tensors.vector(blk + "attn_norm.weight", dim),
                    tensors.matrix(blk + "attn_q.weight", dim, q),
                    tensors.matrix(blk + "attn_k.weight", dim, kv),
                    tensors.matrix(blk + "attn_v.weight", dim, kv),
                    tensors.matrix(blk + "attn_output.weight", q, dim),
                    tensors.optionalVector(blk + "attn_q.bias", q),
                    tensors.optionalVector(blk + "attn_k.bias", kv),
                    tensors.optionalVector(blk + "attn_v.bias", kv),
                    tensors.vector(blk + "ffn_norm.weight", dim),
                    tensors.matrix(blk + "ffn_gate.weight", dim, ffn),
                    tensors.matrix(blk + "ffn_down.weight", ffn, dim),
                    tensors.matrix(blk + "ffn_up.weight", dim, ffn));
        }
        var tokenEmbeddingTable = tensors.matrix("token_embd.weight", dim, vocabularySize);
        // Tied embeddings: without output.weight, the embedding table doubles as the classifier.
        var wcls = tensors.has("output.weight") ? tensors.matrix("output.weight", dim, vocabularySize) : tokenEmbeddingTable;
        Weights weights = new Weights(
                tokenEmbeddingTable,
                layers,
                tensors.vector("output_norm.weight", dim),
                wcls,
                tensors.optionalVector("rope_freqs.weight", rope.dimensionCount() / 2));
        return new Model(file, architecture, shape, rope, weights);
    }

    public Architecture architecture() {
        return architecture;
    }

    public ModelShape shape() {
        return shape;
    }

    public RopeConfig rope() {
        return rope;
    }

    public Weights weights() {
        return weights;
    }

    /** The GGUF file the weights live in (its metadata holds the tokenizer and chat template). */
    public GgufFile file() {
        return file;
    }

    @Override
    public void close() {
        file.close();
    }
}
