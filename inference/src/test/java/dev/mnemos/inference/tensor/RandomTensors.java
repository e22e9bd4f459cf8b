package dev.mnemos.inference.tensor;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.Random;

/** Tensors of each GGML type filled with seeded random bytes (scales drawn as sane half floats). */
final class RandomTensors {

    enum Kind { F32, F16, BF16, Q8_0, Q4_0, Q4_K, Q6_K }

    private static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    private static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private RandomTensors() {}

    static FloatTensor of(Kind kind, long size, long seed) {
        Random random = new Random(seed);
        return switch (kind) {
            case F32 -> {
                MemorySegment s = allocate(size * 4, random);
                for (long i = 0; i < size; i++) s.set(FLOAT, 4 * i, (float) random.nextGaussian());
                yield new F32Tensor(s, size);
            }
            case F16 -> {
                MemorySegment s = allocate(size * 2, random);
                for (long i = 0; i < size; i++) s.set(SHORT, 2 * i, Float.floatToFloat16((float) random.nextGaussian()));
                yield new F16Tensor(s, size);
            }
            case BF16 -> {
                MemorySegment s = allocate(size * 2, random);
                for (long i = 0; i < size; i++) s.set(SHORT, 2 * i, (short) (Float.floatToIntBits((float) random.nextGaussian()) >>> 16));
                yield new BF16Tensor(s, size);
            }
            case Q8_0 -> {
                MemorySegment s = allocate(size / 32 * 34, random);
                for (long b = 0; b < size / 32; b++) s.set(SHORT, b * 34, scale(random));
                yield new Q8_0Tensor(s, size);
            }
            case Q4_0 -> {
                MemorySegment s = allocate(size / 32 * 18, random);
                for (long b = 0; b < size / 32; b++) s.set(SHORT, b * 18, scale(random));
                yield new Q4_0Tensor(s, size);
            }
            case Q4_K -> {
                MemorySegment s = allocate(size / 256 * 144, random);
                for (long b = 0; b < size / 256; b++) {
                    s.set(SHORT, b * 144, scale(random));
                    s.set(SHORT, b * 144 + 2, scale(random));
                }
                yield new Q4_KTensor(s, size);
            }
            case Q6_K -> {
                MemorySegment s = allocate(size / 256 * 210, random);
                for (long b = 0; b < size / 256; b++) s.set(SHORT, b * 210 + 208, scale(random));
                yield new Q6_KTensor(s, size);
            }
        };
    }

    private static MemorySegment allocate(long bytes, Random random) {
        MemorySegment s = Arena.ofAuto().allocate(bytes, 64);
        byte[] noise = new byte[(int) bytes];
        random.nextBytes(noise);
        MemorySegment.copy(MemorySegment.ofArray(noise), 0, s, 0, bytes);
        return s;
    }

    private static short scale(Random random) {
        return Float.floatToFloat16((float) (random.nextFloat() * 0.02 + 0.001) * (random.nextBoolean() ? 1 : -1));
    }

    static float[] gaussian(int n, long seed) {
        Random random = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) x[i] = (float) random.nextGaussian();
        return x;
    }
}
