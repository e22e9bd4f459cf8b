package dev.mnemos.tools;

import io.smallrye.mutiny.Uni;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The bounded pool on which blocking tool work runs (Java tool methods, blocking MCP client calls), so that no caller
 * ever blocks on it: an event loop subscribes to a {@code Uni} and gets the item on a worker thread.
 *
 * <p>At most {@code threads} tasks run at once and at most {@code queued} wait; past that, a task fails at once with
 * {@link RejectedExecutionException}. Cancelling a task's {@code Uni} (a timeout does) interrupts its thread.
 */
public final class ToolWorkers implements AutoCloseable {

    private final ThreadPoolExecutor pool;

    /**
     * @param threads how many tasks run at once; at least 1
     * @param queued how many tasks may wait; at least 1
     */
    public ToolWorkers(int threads, int queued) {
        var counter = new AtomicInteger();
        pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queued), task -> {
            var thread = new Thread(task, "mnemos-tool-worker-" + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        pool.allowCoreThreadTimeOut(true);
    }

    /** A pool of 8 threads with 256 places in the queue. */
    public static ToolWorkers standard() {
        return new ToolWorkers(8, 256);
    }

    /**
     * Produces a {@code Uni} that runs the task on a worker when subscribed and emits its result there.
     *
     * <p>The {@code Uni} fails with the task's exception, or with {@link RejectedExecutionException} when the pool is
     * full or closed. A cancelled subscription interrupts the running task.
     */
    public <T> Uni<T> run(Callable<T> task) {
        return Uni.createFrom().emitter(emitter -> {
            var done = new AtomicBoolean();
            try {
                var future = pool.submit(() -> {
                    try {
                        var result = task.call();
                        done.set(true);
                        emitter.complete(result);
                    } catch (Throwable failure) {
                        done.set(true);
                        emitter.fail(failure);
                    }
                });
                // only a cancellation interrupts: after completion the worker must not get a stray interrupt
                emitter.onTermination(() -> {
                    if (!done.get()) {
                        future.cancel(true);
                    }
                });
            } catch (RejectedExecutionException full) {
                emitter.fail(new RejectedExecutionException(
                        "tool workers are busy (" + pool.getActiveCount() + " running, "
                                + pool.getQueue().size() + " waiting)", full));
            }
        });
    }

    /** Stops the pool and interrupts what runs. */
    @Override
    public void close() {
        pool.shutdownNow();
    }
}
