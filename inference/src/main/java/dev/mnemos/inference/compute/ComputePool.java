package dev.mnemos.inference.compute;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;

/**
 * One persistent set of threads for all the compute of a model: {@link #run} hands one task to every
 * thread (the caller is thread 0) and returns when all parts are done. Nothing is allocated per call,
 * so the decode loop can call it for every matrix of every token.
 *
 * <p>Workers spin for a short while after a task (the next matrix comes within microseconds during
 * generation), then park until the next one. Each part is claimed before it runs, and the caller, done
 * with its own, claims and runs any part whose worker has not started yet: on a machine with more
 * runnable threads than cores, a worker that is not scheduled delays nobody. Not for concurrent callers:
 * one model state drives a pool.
 */
public final class ComputePool implements AutoCloseable {

    /** Spins before a worker parks: long enough to bridge two matrices of one token. */
    private static final int SPINS = 1 << 15;

    private final int threads;
    private final Worker[] workers;
    private final AtomicIntegerArray claimed; // (part): 1 once a thread has taken it in this run
    private final AtomicInteger completed = new AtomicInteger();
    private volatile ParallelTask task;
    private volatile int generation;
    private volatile boolean closed;
    private volatile Throwable failure;

    public ComputePool(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.threads = threads;
        this.workers = new Worker[threads - 1];
        this.claimed = new AtomicIntegerArray(threads);
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Worker(i + 1);
            workers[i].thread.start();
        }
    }

    /** A pool with one thread per available processor. */
    public static ComputePool ofAvailableProcessors() {
        return new ComputePool(Runtime.getRuntime().availableProcessors());
    }

    public int threads() {
        return threads;
    }

    /** Runs {@code task} on every thread, part {@code i} on thread {@code i}, and waits for all parts. */
    public void run(ParallelTask task) {
        if (closed) {
            throw new IllegalStateException("the compute pool is closed");
        }
        if (threads == 1) {
            task.run(0, 1);
            return;
        }
        // completed is reset before the claims: a late worker of the last round may claim a part of
        // this one as soon as its claim is reset, and its increment must not be erased afterwards
        completed.set(0);
        this.task = task;
        for (int part = 1; part < threads; part++) {
            claimed.set(part, 0);
        }
        generation++; // publishes task and claims: workers read them after seeing the new generation
        for (Worker worker : workers) {
            if (worker.parked) {
                LockSupport.unpark(worker.thread);
            }
        }
        Throwable own = null;
        try {
            task.run(0, threads);
        } catch (Throwable t) {
            own = t;
        }
        for (int part = 1; part < threads; part++) {
            if (claimed.compareAndSet(part, 0, 1)) { // its worker has not started: no need to wait for it
                try {
                    if (own == null) {
                        task.run(part, threads);
                    }
                } catch (Throwable t) {
                    own = t;
                } finally {
                    completed.incrementAndGet();
                }
            }
        }
        for (int spins = 0; completed.get() != workers.length; spins++) {
            if (spins < SPINS) {
                Thread.onSpinWait();
            } else {
                Thread.yield();
            }
        }
        this.task = null;
        Throwable theirs = failure;
        failure = null;
        rethrow(own != null ? own : theirs);
    }

    private static void rethrow(Throwable t) {
        if (t instanceof RuntimeException e) {
            throw e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        if (t != null) {
            throw new IllegalStateException(t);
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Worker worker : workers) {
            LockSupport.unpark(worker.thread);
        }
    }

    private final class Worker implements Runnable {
        final int part;
        final Thread thread;
        volatile boolean parked;

        Worker(int part) {
            this.part = part;
            this.thread = Thread.ofPlatform().daemon().name("mnemos-compute-" + part).unstarted(this);
        }

        @Override
        public void run() {
            int seen = 0;
            while (true) {
                for (int spins = 0; generation == seen && !closed; spins++) {
                    if (spins < SPINS) {
                        Thread.onSpinWait();
                    } else {
                        parked = true; // the dispatcher reads this after bumping the generation, so one of us sees the other
                        if (generation == seen && !closed) {
                            LockSupport.park(this);
                        }
                        parked = false;
                    }
                }
                if (closed) {
                    return;
                }
                seen = generation;
                if (!claimed.compareAndSet(part, 0, 1)) {
                    continue; // the caller ran this part already
                }
                try {
                    task.run(part, threads);
                } catch (Throwable t) {
                    failure = t;
                } finally {
                    completed.incrementAndGet();
                }
            }
        }
    }
}
