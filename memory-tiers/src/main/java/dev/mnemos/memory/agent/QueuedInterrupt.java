package dev.mnemos.memory.agent;

import java.time.Instant;
import java.util.Objects;

/**
 * An interrupt waiting in an agent's queue, persisted when enqueued so that none is lost in a crash.
 *
 * @param id unique per agent, chosen by the writer (a retried enqueue is recognised)
 * @param kind the kernel's name for the kind (user message, timer, heartbeat, ...)
 * @param payload the kernel's JSON for it
 * @param dueAt when it may be delivered (now for most; later for timers)
 * @param createdAt when it was enqueued
 */
public record QueuedInterrupt(String id, String kind, String payload, Instant dueAt, Instant createdAt) {

    public QueuedInterrupt {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(createdAt, "createdAt");
        payload = payload == null ? "{}" : payload;
        dueAt = dueAt == null ? createdAt : dueAt;
    }
}
