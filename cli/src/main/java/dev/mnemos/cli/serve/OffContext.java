package dev.mnemos.cli.serve;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Runs store work on plain threads, outside any Vert.x context. Hibernate Reactive (the PostgreSQL
 * engine) refuses calls from a thread that carries a Vert.x context other than an event loop
 * (HR000068), and Quarkus' worker threads carry one; the kernel's own threads carry none.
 */
public final class OffContext {

    private static final ExecutorService PLAIN = Executors.newThreadPerTaskExecutor(Thread.ofPlatform().name("mnemos-serve-", 0).daemon().factory());

    private OffContext() {}

    /** Produces what {@code work} produces, computed on a plain thread; its exceptions are rethrown as they are. */
    public static <T> T run(Supplier<T> work) {
        try {
            return CompletableFuture.supplyAsync(work, PLAIN).get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** {@code uni}, subscribed to on a plain thread. */
    public static <T> Uni<T> subscribed(Uni<T> uni) {
        return uni.runSubscriptionOn(PLAIN);
    }

    /** {@code multi}, subscribed to on a plain thread. */
    public static <T> Multi<T> subscribed(Multi<T> multi) {
        return multi.runSubscriptionOn(PLAIN);
    }
}
