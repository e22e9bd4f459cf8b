package dev.mnemos.memory;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads that memory work leaves its caller's thread for: embedding, summary-tree building, a walk,
 * and what follows a SQLite call. They are daemons, as every mnemos thread is: Mutiny's default worker
 * pool keeps a non-daemon thread alive, and a plain Java program using mnemos then never exited after
 * its {@code main} returned.
 */
public final class Workers {

    private static final ExecutorService POOL = Executors.newCachedThreadPool(daemons("mnemos-worker"));

    private Workers() {
    }

    /** The shared pool: threads made as work needs them, ended after a minute idle. */
    public static Executor pool() {
        return POOL;
    }

    /** Daemon threads named {@code prefix-1}, {@code prefix-2}, ... */
    public static ThreadFactory daemons(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
