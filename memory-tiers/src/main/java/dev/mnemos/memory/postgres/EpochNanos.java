package dev.mnemos.memory.postgres;

import dev.mnemos.memory.InvalidContentException;
import java.time.Instant;

/**
 * Instants as the engine stores them: nanoseconds since the epoch in a {@code bigint}, exact where
 * {@code timestamptz} would round to microseconds, for the years 1677 to 2262.
 */
final class EpochNanos {

    private EpochNanos() {}

    /**
     * The stored form of an instant.
     *
     * @throws InvalidContentException for an instant outside the years 1677 to 2262
     */
    static long of(Instant instant) {
        try {
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
        } catch (ArithmeticException e) {
            throw new InvalidContentException("the date " + instant + " is outside what the store keeps (years 1677 to 2262)");
        }
    }

    /** A query bound: like {@link #of}, but an instant outside the stored range becomes the range's end. */
    static long bound(Instant instant) {
        try {
            return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
        } catch (ArithmeticException e) {
            return instant.isBefore(Instant.EPOCH) ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }
}
