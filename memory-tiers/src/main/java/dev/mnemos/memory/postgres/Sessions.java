package dev.mnemos.memory.postgres;

import io.smallrye.mutiny.Uni;
import java.util.function.Function;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The engine's sessions: every unit of work opens a session of its own and closes it. Hibernate
 * Reactive's {@code withSession}/{@code withTransaction} would instead reuse a session found in the
 * current Vert.x context, so two units of work started concurrently from one context (the steps of
 * several agents continuing on one event loop) shared one session and one transaction: inserts were
 * lost or flushed twice under load.
 */
final class Sessions implements AutoCloseable {

    private final Mutiny.SessionFactory factory;

    Sessions(Mutiny.SessionFactory factory) {
        this.factory = factory;
    }

    <T> Uni<T> withSession(Function<Mutiny.Session, Uni<T>> work) {
        return factory.openSession().chain(session -> Uni.createFrom().deferred(() -> work.apply(session)).eventually(session::close));
    }

    <T> Uni<T> withTransaction(Function<Mutiny.Session, Uni<T>> work) {
        return factory.openSession().chain(session -> session.withTransaction(tx -> work.apply(session)).eventually(session::close));
    }

    @Override
    public void close() {
        factory.close();
    }
}
