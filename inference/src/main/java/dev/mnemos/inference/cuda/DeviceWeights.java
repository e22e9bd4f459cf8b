package dev.mnemos.inference.cuda;

import dev.mnemos.inference.gguf.GgufFile;
import dev.mnemos.inference.gguf.GgufTensorInfo;
import dev.mnemos.inference.model.LayerWeights;
import dev.mnemos.inference.model.Model;
import dev.mnemos.inference.model.ModelShape;
import dev.mnemos.inference.tensor.FloatTensor;
import java.util.List;
import jcuda.driver.CUdeviceptr;

/**
 * A model's weights, uploaded to device memory once: matrices in their GGUF bytes or, for Q8_0 and Q4_0 where asked,
 * repacked into {@link MatrixPlanes} (each with the kernel of its type and layout), norms and biases as F32, and the
 * token embedding table dequantized to F32 (a row is read per token, so its size matters less than a matrix's, and
 * one F32 gather serves every weight type).
 *
 * @param embedding (vocab, dim) F32
 * @param layers    one per block
 * @param finalNorm (dim)
 * @param output    the classifier (vocab, dim): {@code output.weight}, or the embedding table's own bytes when tied
 */
public record DeviceWeights(CUdeviceptr embedding, List<Layer> layers, CUdeviceptr finalNorm, DeviceMatrix output) {

    /** One block; the biases are null where the architecture has none (Llama). */
    public record Layer(CUdeviceptr attentionNorm, DeviceMatrix wq, DeviceMatrix wk, DeviceMatrix wv, DeviceMatrix wo,
                        CUdeviceptr bq, CUdeviceptr bk, CUdeviceptr bv, CUdeviceptr ffnNorm, DeviceMatrix gate,
                        DeviceMatrix down, DeviceMatrix up) {}

    /** Uploads every weight of {@code model}, the matrices in their GGUF blocks. */
    public static DeviceWeights upload(CudaContext gpu, Model model) {
        return upload(gpu, model, MatrixLayout.BLOCKS);
    }

    /** Uploads every weight of {@code model}, the matrices in {@code layout} where their type has it. */
    public static DeviceWeights upload(CudaContext gpu, Model model, MatrixLayout layout) {
        GgufFile file = model.file();
        ModelShape shape = model.shape();
        var layers = new java.util.ArrayList<Layer>();
        for (int l = 0; l < shape.blockCount(); l++) {
            String blk = "blk." + l + ".";
            LayerWeights w = model.weights().layers()[l];
            layers.add(new Layer(gpu.upload(w.rmsAttWeight()), matrix(gpu, file, layout, blk + "attn_q.weight"),
                    matrix(gpu, file, layout, blk + "attn_k.weight"), matrix(gpu, file, layout, blk + "attn_v.weight"),
                    matrix(gpu, file, layout, blk + "attn_output.weight"), optional(gpu, w.bq()), optional(gpu, w.bk()), optional(gpu, w.bv()),
                    gpu.upload(w.rmsFfnWeight()), matrix(gpu, file, layout, blk + "ffn_gate.weight"),
                    matrix(gpu, file, layout, blk + "ffn_down.weight"), matrix(gpu, file, layout, blk + "ffn_up.weight")));
        }
        String output = file.findTensor("output.weight").isPresent() ? "output.weight" : "token_embd.weight";
        return new DeviceWeights(embedding(gpu, model.weights().tokenEmbeddingTable(), shape), List.copyOf(layers),
                gpu.upload(model.weights().rmsFinalWeight()), matrix(gpu, file, layout, output));
    }

    /** Bytes of matrices one decode step reads (every layer's and the classifier's), for bandwidth figures. */
    public long matrixBytesPerToken() {
        long sum = output.bytes();
        for (Layer l : layers) {
            sum += l.wq().bytes() + l.wk().bytes() + l.wv().bytes() + l.wo().bytes() + l.gate().bytes() + l.down().bytes() + l.up().bytes();
        }
        return sum;
    }

    private static DeviceMatrix matrix(CudaContext gpu, GgufFile file, MatrixLayout layout, String name) {
        GgufTensorInfo info = file.tensor(name);
        int cols = (int) info.size(0);
        int rows = (int) (info.elementCount() / cols);
        var bytes = file.tensorData(info).asSlice(0, info.byteSize());
        MatrixLayout own = layout.of(info.type());
        CUdeviceptr values = own == MatrixLayout.PLANES ? gpu.upload(MatrixPlanes.repack(info.type(), rows, cols, bytes)) : gpu.upload(bytes);
        return DeviceMatrix.of(name, info.type(), rows, cols, values, own);
    }

    private static CUdeviceptr optional(CudaContext gpu, float[] values) {
        return values == null ? null : gpu.upload(values);
    }

    /** The embedding table as F32, dequantized on the host a slice of rows at a time. */
    private static CUdeviceptr embedding(CudaContext gpu, FloatTensor table, ModelShape shape) {
        int dim = shape.embeddingLength();
        int vocab = shape.vocabularySize();
        CUdeviceptr out = gpu.allocate((long) vocab * dim * Float.BYTES);
        int rowsPerSlice = Math.max(1, (1 << 24) / dim);
        float[] slice = new float[rowsPerSlice * dim];
        for (int row = 0; row < vocab; row += rowsPerSlice) {
            int n = Math.min(rowsPerSlice, vocab - row);
            table.dequantize((long) row * dim, slice, 0, n * dim);
            gpu.write(out.withByteOffset((long) row * dim * Float.BYTES), n == rowsPerSlice ? slice : java.util.Arrays.copyOf(slice, n * dim));
        }
        return out;
    }
}
