package dev.mnemos.inference.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mnemos.inference.compute.ComputePool;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

class MemoryBandwidthTest {

    @Test
    void theReadLoopSumsEveryFloatOfItsRangeAndNoOther() {
        try (Arena arena = Arena.ofConfined()) {
            int floats = 10 * MemoryBandwidth.STEP / Float.BYTES;
            MemorySegment segment = arena.allocate((long) floats * Float.BYTES, 64);
            for (int i = 0; i < floats; i++) {
                segment.setAtIndex(ValueLayout.JAVA_FLOAT, i, i % 7);
            }
            long from = 2L * MemoryBandwidth.STEP, to = 9L * MemoryBandwidth.STEP;
            float expected = 0;
            for (long i = from / Float.BYTES; i < to / Float.BYTES; i++) {
                expected += i % 7;
            }
            assertEquals(expected, MemoryBandwidth.sum(segment, from, to)); // small integers: exact in any order
        }
    }

    @Test
    void aBufferThatMayFitInTheCachesIsRefused() {
        try (ComputePool pool = new ComputePool(1)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MemoryBandwidth.measure(pool, 32L << 20, 1));
            assertTrue(e.getMessage().contains("caches"), e.getMessage());
        }
    }

    @Test
    void everyThreadOfThePoolReadsItsShare() {
        try (ComputePool pool = new ComputePool(2)) {
            double bandwidth = MemoryBandwidth.measure(pool, MemoryBandwidth.MIN_BYTES, 1);
            assertTrue(bandwidth > 0 && Double.isFinite(bandwidth), "bandwidth " + bandwidth);
        }
    }
}
