package dev.mnemos.inference.cuda;

import dev.mnemos.inference.gguf.GgmlType;
import dev.mnemos.inference.gguf.Quantizer;
import dev.mnemos.inference.tensor.BF16Tensor;
import dev.mnemos.inference.tensor.F16Tensor;
import dev.mnemos.inference.tensor.F32Tensor;
import dev.mnemos.inference.tensor.FloatTensor;
import dev.mnemos.inference.tensor.Q4_0Tensor;
import dev.mnemos.inference.tensor.Q4_KTensor;
import dev.mnemos.inference.tensor.Q6_KTensor;
import dev.mnemos.inference.tensor.Q8_0Tensor;
import java.lang.foreign.MemorySegment;
import java.util.Random;

/**
 * A random matrix stored as one GGML type by the project's reference quantizers, with the values the CPU's
 * tensor classes read back from those bytes: what a kernel's dequantization must reproduce.
 *
 * @param bytes  the GGUF bytes, rows of cols values
 * @param values (rows, cols) as the CPU dequantizes them
 */
record QuantizedRows(GgmlType type, int rows, int cols, byte[] bytes, float[] values) {

    static QuantizedRows of(GgmlType type, int rows, int cols, long seed) {
        Random random = new Random(seed);
        float[] source = new float[rows * cols];
        for (int i = 0; i < source.length; i++) source[i] = (float) random.nextGaussian();
        byte[] bytes = new byte[(int) type.byteSize((long) rows * cols)];
        MemorySegment segment = MemorySegment.ofArray(bytes);
        long rowBytes = type.byteSize(cols);
        for (int r = 0; r < rows; r++) Quantizer.of(type).quantize(source, r * cols, cols, segment, r * rowBytes);
        FloatTensor tensor = tensor(type, segment, (long) rows * cols);
        float[] values = new float[rows * cols];
        for (int i = 0; i < values.length; i++) values[i] = tensor.getFloat(i);
        return new QuantizedRows(type, rows, cols, bytes, values);
    }

    /** Row {@code r} · {@code x[xOffset ..]} in double, from the CPU's values. */
    double dot(int r, float[] x, int xOffset) {
        double sum = 0;
        for (int j = 0; j < cols; j++) sum += values[r * cols + j] * (double) x[xOffset + j];
        return sum;
    }

    private static FloatTensor tensor(GgmlType type, MemorySegment segment, long size) {
        return switch (type) {
            case F32 -> new F32Tensor(segment, size);
            case F16 -> new F16Tensor(segment, size);
            case BF16 -> new BF16Tensor(segment, size);
            case Q8_0 -> new Q8_0Tensor(segment, size);
            case Q4_0 -> new Q4_0Tensor(segment, size);
            case Q4_K -> new Q4_KTensor(segment, size);
            case Q6_K -> new Q6_KTensor(segment, size);
            default -> throw new IllegalArgumentException(type.toString());
        };
    }
}
