package dev.mnemos.inference.model;

import dev.mnemos.inference.gguf.GgufFile;
import dev.mnemos.inference.gguf.GgufTensorInfo;
import dev.mnemos.inference.gguf.ModelFormatException;
import dev.mnemos.inference.tensor.BF16Tensor;
import dev.mnemos.inference.tensor.F16Tensor;
import dev.mnemos.inference.tensor.F32Tensor;
import dev.mnemos.inference.tensor.FloatTensor;
import dev.mnemos.inference.tensor.Q4_0Tensor;
import dev.mnemos.inference.tensor.Q4_KTensor;
import dev.mnemos.inference.tensor.Q6_KTensor;
import dev.mnemos.inference.tensor.Q8_0Tensor;
import java.lang.foreign.MemorySegment;

/** Typed views of a GGUF file's tensors: the kernel class that matches each GGML type. */
final class Tensors {

    private final GgufFile file;

    Tensors(GgufFile file) {
        this.file = file;
    }

    /** The tensor of that name, checked to have {@code shape} (ggml order: row length first). */
    FloatTensor matrix(String name, long... shape) {
        GgufTensorInfo info = info(name, shape);
        MemorySegment data = file.tensorData(info);
        long size = info.elementCount();
        return switch (info.type()) {
            case F32 -> new F32Tensor(data, size);
            case F16 -> new F16Tensor(data, size);
            case BF16 -> new BF16Tensor(data, size);
            case Q8_0 -> new Q8_0Tensor(data, size);
            case Q4_0 -> new Q4_0Tensor(data, size);
            case Q4_K -> new Q4_KTensor(data, size);
            case Q6_K -> new Q6_KTensor(data, size);
            default -> throw new ModelFormatException("tensor " + name + " has type " + info.type() + ", which this core cannot compute with (it knows F32, F16, BF16, Q8_0, Q4_0, Q4_K, Q6_K)");
        };
    }

    /** A small tensor (norm, bias) copied to the heap. */
    float[] vector(String name, long length) {
        FloatTensor tensor = matrix(name, length);
        float[] values = new float[(int) length];
        tensor.dequantize(0, values, 0, values.length);
        return values;
    }

    float[] optionalVector(String name, long length) {
        return file.findTensor(name).isPresent() ? vector(name, length) : null;
    }

    boolean has(String name) {
        return file.findTensor(name).isPresent();
    }

    private GgufTensorInfo info(String name, long... shape) {
        GgufTensorInfo info = file.tensor(name);
        long[] actual = info.shape();
        boolean matches = actual.length >= 1 && info.elementCount() == product(shape);
        for (int i = 0; matches && i < shape.length; i++) {
            matches = info.size(i) == shape[i];
        }
        if (!matches) {
            throw new ModelFormatException("tensor " + name + " has shape " + java.util.Arrays.toString(actual) + ", expected " + java.util.Arrays.toString(shape));
        }
        return info;
    }

    private static long product(long[] shape) {
        long p = 1;
        for (long s : shape) p *= s;
        return p;
    }
}
