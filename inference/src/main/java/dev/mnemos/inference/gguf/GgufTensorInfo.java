package dev.mnemos.inference.gguf;

import java.util.Arrays;
import java.util.Objects;

/**
 * One entry of a GGUF tensor directory.
 *
 * @param name   the tensor's name, e.g. {@code blk.0.attn_q.weight}
 * @param type   how its elements are stored
 * @param shape  ggml's {@code ne}: {@code shape[0]} is the row length (the contiguous dimension), then rows, ...
 * @param offset where its data starts, in bytes from the start of the file's data section
 */
public record GgufTensorInfo(String name, GgmlType type, long[] shape, long offset) {

    public GgufTensorInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        shape = shape.clone();
    }

    /** A copy of the shape, so that the record stays immutable. */
    @Override
    public long[] shape() {
        return shape.clone();
    }

    public int dimensions() {
        return shape.length;
    }

    /** {@code shape[dimension]}, or 1 past the last dimension as in ggml. */
    public long size(int dimension) {
        return dimension < shape.length ? shape[dimension] : 1;
    }

    public long elementCount() {
        long count = 1;
        for (long dimension : shape) {
            count = Math.multiplyExact(count, dimension);
        }
        return count;
    }

    public long byteSize() {
        return type.byteSize(elementCount());
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof GgufTensorInfo that
                && name.equals(that.name) && type == that.type && offset == that.offset
                && Arrays.equals(shape, that.shape);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, type, offset, Arrays.hashCode(shape));
    }

    @Override
    public String toString() {
        return name + " " + type + " " + Arrays.toString(shape) + " @" + offset;
    }
}
