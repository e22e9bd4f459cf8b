package dev.mnemos.memory.postgres;

import java.time.Instant;

/**
 * Instants as the engine stores them: nanoseconds since the epoch in a {@code bigint}, exact where
 * {@code timestamptz} would round to microseconds (good until the year 2262).
 */
final class EpochNanos {

    private EpochNanos() {}

    static long of(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    }

    static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }
}
