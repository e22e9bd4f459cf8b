package dev.mnemos.tools.mcp;

import java.time.Duration;

/**
 * How long to wait before the n-th attempt to restart a server: {@code initial * factor^(n-1)}, never more than
 * {@code max}.
 *
 * @param initial the wait before the first attempt; positive
 * @param max the longest wait; at least {@code initial}
 * @param factor how much each wait grows; at least 1
 */
public record Backoff(Duration initial, Duration max, double factor) {

    public Backoff {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0 || factor < 1) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max and factor >= 1, got "
                    + initial + ", " + max + ", " + factor);
        }
    }

    /** 0.5 s, doubling up to 30 s. */
    public static Backoff standard() {
        return new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), 2);
    }

    /**
     * The wait before an attempt.
     *
     * @param attempt 1 for the first attempt after a failure
     */
    public Duration delay(int attempt) {
        double millis = initial.toMillis() * Math.pow(factor, Math.max(0, attempt - 1));
        return millis >= max.toMillis() ? max : Duration.ofMillis((long) millis);
    }
}
