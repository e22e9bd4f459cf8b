package dev.mnemos.cli.serve.cluster;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The end of a load phase: a client reading an SSE stream watches it against this deadline, and a
 * stream still open then is closed (its reader interrupted) and described in {@code stuck}, so that
 * a stream that never ends fails the phase with its agent and message named instead of hanging it.
 */
final class Deadline implements AutoCloseable {

    /** Stops watching one stream; the stream ended before the deadline. */
    interface Watch extends AutoCloseable {
        @Override
        void close();
    }

    private final long nanos;
    private final List<String> stuck;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().factory());

    /** @param nanos the deadline on {@link System#nanoTime()}'s clock */
    Deadline(long nanos, List<String> stuck) {
        this.nanos = nanos;
        this.stuck = stuck;
    }

    Duration remaining() {
        return Duration.ofNanos(nanos - System.nanoTime());
    }

    /** Closes {@code stream} at the deadline unless the watch is closed first; {@code description} names the stream then. */
    Watch watch(AutoCloseable stream, Supplier<String> description) {
        Thread reader = Thread.currentThread();
        Object lock = new Object();
        boolean[] ended = {false};
        ScheduledFuture<?> due = timer.schedule(() -> {
            synchronized (lock) {
                if (ended[0]) {
                    return;
                }
                ended[0] = true;
            }
            stuck.add(description.get());
            try {
                stream.close();
            } catch (Exception e) {
                // closing is best effort; the interrupt ends the read
            }
            reader.interrupt();
        }, Math.max(0, nanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        return () -> {
            synchronized (lock) {
                ended[0] = true;
            }
            due.cancel(false);
        };
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
