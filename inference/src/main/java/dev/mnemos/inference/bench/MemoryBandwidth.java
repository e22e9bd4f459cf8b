package dev.mnemos.inference.bench;

import dev.mnemos.inference.compute.ComputePool;
import dev.mnemos.inference.compute.ParallelTask;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Read bandwidth of main memory as the compute pool sees it: every thread sums its share of a buffer far
 * larger than the caches, with vector loads. The ceiling for generation, which streams every weight once
 * per token.
 */
public final class MemoryBandwidth {

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    private MemoryBandwidth() {}

    /** Bytes per second, the best of {@code rounds} passes over a buffer of {@code bytes}. */
    public static double measure(ComputePool pool, long bytes, int rounds) {
        try (Arena arena = Arena.ofShared()) {
            MemorySegment buffer = arena.allocate(bytes, 64);
            buffer.fill((byte) 1);
            float[] sinks = new float[pool.threads()];
            long stride = F.vectorByteSize() * 4L;
            long usable = bytes / (stride * pool.threads()) * stride * pool.threads();
            ParallelTask read = (part, parts) -> {
                long from = usable / parts * part, to = from + usable / parts;
                FloatVector a = FloatVector.zero(F), b = a, c = a, d = a;
                int width = F.vectorByteSize();
                for (long at = from; at < to; at += stride) {
                    a = a.add(FloatVector.fromMemorySegment(F, buffer, at, ByteOrder.LITTLE_ENDIAN));
                    b = b.add(FloatVector.fromMemorySegment(F, buffer, at + width, ByteOrder.LITTLE_ENDIAN));
                    c = c.add(FloatVector.fromMemorySegment(F, buffer, at + 2L * width, ByteOrder.LITTLE_ENDIAN));
                    d = d.add(FloatVector.fromMemorySegment(F, buffer, at + 3L * width, ByteOrder.LITTLE_ENDIAN));
                }
                sinks[part] = a.add(b).add(c).add(d).reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
            };
            double best = 0;
            for (int round = 0; round < rounds; round++) {
                long start = System.nanoTime();
                pool.run(read);
                double seconds = (System.nanoTime() - start) / 1e9;
                best = Math.max(best, usable / seconds);
            }
            if (Float.isNaN(sinks[0])) {
                throw new AssertionError("unreachable: keeps the loads alive");
            }
            return best;
        }
    }
}
