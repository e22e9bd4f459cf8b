package dev.mnemos.inference.tensor;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * A read-only row-major matrix (or vector) of weights in one GGML type, read in place from a
 * {@link MemorySegment} (normally a slice of the memory-mapped GGUF file).
 *
 * <p>Each subclass dequantizes and multiplies in one pass ({@link #dot}) and keeps the format's formula
 * in {@link #getFloat}, on which {@link #scalarDot} is built: the tests compare the vector path against it.
 * Offsets and lengths given to {@code dot} are whole blocks of the type. Setting the system property
 * {@code mnemos.inference.scalar=true} turns the Vector API off (every kernel then runs its scalar path).
 */
public abstract sealed class FloatTensor
        permits ElementwiseTensor, Q8_0Tensor, Q4_0Tensor, Q4_KTensor, Q6_KTensor {

    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED.length() > 16
            ? FloatVector.SPECIES_512
            : FloatVector.SPECIES_PREFERRED;
    /** Floats per vector: 16 with AVX-512, 8 with AVX2. */
    static final int L = F.length();
    /** Vectors are used only where one holds at least 8 floats; below that, the scalar paths. */
    static final boolean VECTORIZED = L >= 8 && !Boolean.getBoolean("mnemos.inference.scalar");
    /** As many bytes as {@link #F} has floats, for loads that widen byte to float. */
    static final VectorSpecies<Byte> BYTES = VectorSpecies.of(byte.class, VectorShape.forBitSize(Math.max(64, L * 8)));
    /** As many shorts as {@link #F} has floats, for loads that widen half floats. */
    static final VectorSpecies<Short> SHORTS = VectorSpecies.of(short.class, VectorShape.forBitSize(Math.max(64, L * 16)));

    /** As many ints as {@link #F} has floats. */
    static final VectorSpecies<Integer> INTS = F.vectorShape().withLanes(int.class);
    /**
     * Vectors of 16 int lanes (AVX-512): a 16-byte load widens to one vector of ints, where x86 can shift,
     * and a value below 16 can index a vector of 16 floats with one permute.
     */
    static final boolean SIXTEEN_LANES = INTS.length() == 16;

    static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    static final ValueLayout.OfShort SHORT_LE = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(LE);
    static final ValueLayout.OfFloat FLOAT_LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(LE);

    final MemorySegment segment;
    final long size;
    private final int blockSize;

    FloatTensor(MemorySegment segment, long size, int blockSize, int blockBytes) {
        if (size % blockSize != 0) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " of " + size + " elements is not made of whole blocks of " + blockSize);
        }
        long bytes = size / blockSize * blockBytes;
        if (segment.byteSize() < bytes) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " of " + size + " elements needs " + bytes + " bytes, the segment has " + segment.byteSize());
        }
        this.segment = segment;
        this.size = size;
        this.blockSize = blockSize;
    }

    /** Number of elements. */
    public final long size() {
        return size;
    }

    /** Elements per quantization block (1 for the float types). */
    public final int blockSize() {
        return blockSize;
    }

    /** Element {@code index}, by the format's reference formula. */
    public abstract float getFloat(long index);

    /** {@code this[offset .. offset+n) · x[xOffset .. xOffset+n)}, dequantizing as it goes; offset and n in whole blocks. */
    public final float dot(long offset, float[] x, int xOffset, int n) {
        checkBlocks(offset, n, blockSize);
        return VECTORIZED ? vectorDot(offset, x, xOffset, n) : scalarDot(offset, x, xOffset, n);
    }

    /** {@link #dot} with the Vector API. */
    abstract float vectorDot(long offset, float[] x, int xOffset, int n);

    /** The same product as {@link #dot}, one element at a time: the reference the vector paths are tested against. */
    public final float scalarDot(long offset, float[] x, int xOffset, int n) {
        float sum = 0f;
        for (int i = 0; i < n; i++) {
            sum += getFloat(offset + i) * x[xOffset + i];
        }
        return sum;
    }

    /**
     * Dequantizes {@code count} elements from {@code index} one at a time, by the format's formula: for a
     * row read once per token (an embedding lookup), where a vector loop would not pay for itself.
     */
    public final void gather(long index, float[] out, int outOffset, int count) {
        for (int i = 0; i < count; i++) {
            out[outOffset + i] = getFloat(index + i);
        }
    }

    /** Dequantizes {@code count} elements from {@code index} into {@code out[outOffset ..]}. */
    public void dequantize(long index, float[] out, int outOffset, int count) {
        gather(index, out, outOffset, count);
    }

    /**
     * Matrix × vector over a slice of rows: {@code out[r] = row(r) · x[xOffset ..]} for {@code r} in
     * {@code [from, to)}, rows of {@code cols} elements.
     */
    public final void matvec(float[] x, int xOffset, float[] out, int cols, int from, int to) {
        assert cols % blockSize == 0 : "rows of " + cols + " are not whole blocks of " + blockSize;
        if (VECTORIZED) {
            vectorMatvec(x, xOffset, out, cols, from, to);
        } else {
            for (int r = from; r < to; r++) {
                out[r] = scalarDot((long) r * cols, x, xOffset, cols);
            }
        }
    }

    /** {@link #matvec} with the Vector API: one row at a time unless a type does better. */
    void vectorMatvec(float[] x, int xOffset, float[] out, int cols, int from, int to) {
        for (int r = from; r < to; r++) {
            out[r] = vectorDot((long) r * cols, x, xOffset, cols);
        }
    }

    /** Weight rows dequantized together in prefill, each multiplied by every token of the batch in one pass. */
    public static final int ROW_GROUP = 4;

    /** Floats of scratch that {@link #matmul} needs per thread at {@code cols} columns. */
    public static int matmulScratch(int cols) {
        return ROW_GROUP * (cols + 2 * L);
    }

    /**
     * Matrix × matrix over a slice of rows, for prefill: {@code out[t*rows + r] = row(r) · x[t*cols ..]}
     * for tokens {@code t < tokens} and {@code r} in {@code [from, to)}, with the batch given transposed
     * ({@code xt[k*lanes + t] = x[t*cols + k]}, as {@link DenseKernels#transpose} writes it, {@code lanes}
     * being {@link DenseKernels#lanes}{@code (tokens)}).
     *
     * <p>Weight rows are dequantized {@value #ROW_GROUP} at a time into {@code scratch} (at least
     * {@link #matmulScratch} floats, owned by the calling thread) and multiplied, from the cache, with every
     * token: the weights are streamed once per batch rather than once per token, so prefill is bound by
     * compute, not by memory bandwidth.
     */
    public void matmul(float[] xt, int lanes, int tokens, float[] out, int rows, int cols, int from, int to, float[] scratch) {
        for (int r = from; r < to; r += ROW_GROUP) {
            int count = Math.min(ROW_GROUP, to - r);
            for (int p = 0; p < count; p++) {
                dequantize((long) (r + p) * cols, scratch, p * cols, cols);
            }
            java.util.Arrays.fill(scratch, count * cols, ROW_GROUP * cols, 0f); // a short last group: rows of zeros
            DenseKernels.rowsTimesTokens(scratch, count, cols, xt, lanes, tokens, out, rows, r, ROW_GROUP * cols);
        }
    }

    /** Lane i is added to lane i ^ h by {@code FOLD_h}; null where the vector has no lane h. */
    private static final VectorShuffle<Float> FOLD_8 = fold(8), FOLD_4 = fold(4), FOLD_2 = fold(2), FOLD_1 = fold(1);

    private static VectorShuffle<Float> fold(int h) {
        return h < L ? VectorShuffle.fromOp(F, i -> i ^ h) : null;
    }

    /**
     * The sum of the lanes of {@code v} (of species {@link #F}), added in one fixed order (h = L/2, L/4 .. 1).
     * Not {@code reduceLanes(ADD)}: its order is unspecified and changes when C2 compiles a kernel, so the
     * same inputs would give logits that differ in the last bit from one run (or call site) to another.
     * Kept under 35 bytes of bytecode, which C2 inlines at every call site however rarely it runs: as a
     * loop over an array of shuffles (69 bytes) it was left out of line in attention's dot products on a
     * Zen 5 core, and every vector passed to it was boxed, about 180 kB per decoded token of a small model.
     */
    static float sum(FloatVector v) {
        return fold(fold(fold(fold(v, FOLD_8), FOLD_4), FOLD_2), FOLD_1).lane(0);
    }

    private static FloatVector fold(FloatVector v, VectorShuffle<Float> fold) {
        return fold == null ? v : v.add(v.rearrange(fold));
    }

    /** With {@link #SIXTEEN_LANES}: the floats {@code first .. first+15} as int bits, a table for {@code selectFrom}. */
    static IntVector sixteenFloats(int first) {
        return SIXTEEN_LANES ? IntVector.fromArray(INTS, java.util.stream.IntStream.range(first, first + 16).map(Float::floatToRawIntBits).toArray(), 0) : null;
    }

    /** {@link #BYTES}'s bytes from {@code at}, one per int lane, sign-extended. */
    final IntVector bytesAsInts(long at) {
        return (IntVector) ByteVector.fromMemorySegment(BYTES, segment, at, LE).convertShape(VectorOperators.B2I, INTS, 0);
    }

    static float half(MemorySegment segment, long offset) {
        return Float.float16ToFloat(segment.get(SHORT_LE, offset));
    }

    static void checkBlocks(long offset, int n, int blockSize) {
        assert offset % blockSize == 0 && n % blockSize == 0 : "offset " + offset + " and length " + n + " must be whole blocks of " + blockSize;
    }
}
