package dev.mnemos.inference.bench;

import dev.mnemos.inference.compute.ComputePool;
import dev.mnemos.inference.compute.ParallelTask;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Read bandwidth of main memory as the compute pool sees it: every thread sums its share of a buffer far
 * larger than the caches, with the vector loads of the kernels. The ceiling for generation, which streams
 * every weight once per token.
 *
 * <p>The read loop is compiled by C2 on a cache-sized buffer before the big one is timed: run cold, the
 * Vector API is interpreted (every vector a heap object) and the first passes measure the JIT, not the
 * memory, at a third of the real figure or less.
 */
public final class MemoryBandwidth {

    /** The kernels' species: 256 bits with AVX2, 512 with AVX-512. */
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED.length() > 16
            ? FloatVector.SPECIES_512
            : FloatVector.SPECIES_PREFERRED;
    /** Bytes one step of the read loop takes: four vectors, summed into four independent accumulators. */
    static final int STEP = 4 * F.vectorByteSize();
    /** The smallest buffer that gives a main-memory figure: well beyond the last-level caches of today's CPUs. */
    public static final long MIN_BYTES = 256L << 20;

    private static final long WARM_UP_BYTES = 64 << 10;
    private static final int WARM_UP_PASSES = 20_000;

    private MemoryBandwidth() {}

    /** Bytes per second, the best of {@code rounds} passes over a buffer of {@code bytes} (at least {@link #MIN_BYTES}). */
    public static double measure(ComputePool pool, long bytes, int rounds) {
        if (bytes < MIN_BYTES) {
            throw new IllegalArgumentException("a buffer of " + bytes + " bytes may fit in the caches; give at least " + MIN_BYTES);
        }
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds must be at least 1, got " + rounds);
        }
        try (Arena arena = Arena.ofShared()) {
            warmUp(arena);
            MemorySegment buffer = arena.allocate(bytes, 64);
            buffer.fill((byte) 1); // touches every page, so that page faults are not timed
            long usable = bytes / ((long) STEP * pool.threads()) * STEP * pool.threads();
            float[] sinks = new float[pool.threads()];
            ParallelTask read = (part, parts) -> {
                long share = usable / parts;
                sinks[part] = sum(buffer, share * part, share * part + share);
            };
            double best = 0;
            for (int round = 0; round < rounds; round++) {
                long start = System.nanoTime();
                pool.run(read);
                double seconds = (System.nanoTime() - start) / 1e9;
                best = Math.max(best, usable / seconds);
            }
            keep(sinks);
            return best;
        }
    }

    private static void warmUp(Arena arena) {
        MemorySegment small = arena.allocate(WARM_UP_BYTES, 64);
        small.fill((byte) 1);
        float[] sink = new float[1];
        for (int pass = 0; pass < WARM_UP_PASSES; pass++) {
            sink[0] += sum(small, 0, WARM_UP_BYTES);
        }
        keep(sink);
    }

    /** The float32 sum of {@code segment[from .. to)}, a whole number of {@link #STEP}s, read with vector loads. */
    static float sum(MemorySegment segment, long from, long to) {
        assert (to - from) % STEP == 0 : "length " + (to - from) + " is not whole steps of " + STEP;
        int width = F.vectorByteSize();
        FloatVector a = FloatVector.zero(F), b = a, c = a, d = a;
        for (long at = from; at < to; at += STEP) {
            a = a.add(FloatVector.fromMemorySegment(F, segment, at, ByteOrder.LITTLE_ENDIAN));
            b = b.add(FloatVector.fromMemorySegment(F, segment, at + width, ByteOrder.LITTLE_ENDIAN));
            c = c.add(FloatVector.fromMemorySegment(F, segment, at + 2L * width, ByteOrder.LITTLE_ENDIAN));
            d = d.add(FloatVector.fromMemorySegment(F, segment, at + 3L * width, ByteOrder.LITTLE_ENDIAN));
        }
        return a.add(b).add(c).add(d).reduceLanes(VectorOperators.ADD);
    }

    private static void keep(float[] sinks) {
        for (float sink : sinks) {
            if (Float.isNaN(sink)) {
                throw new AssertionError("unreachable: keeps the loads alive");
            }
        }
    }
}
