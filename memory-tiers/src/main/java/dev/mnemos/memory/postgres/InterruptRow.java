package dev.mnemos.memory.postgres;

import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.agent.QueuedInterrupt;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A row of {@code interrupts}; an acknowledged one stays, marked, so that its id is never queued again. */
@Entity
@Table(name = "interrupts")
class InterruptRow extends TenantRow {

    String id;
    String kind;
    String payload;

    @Column(name = "due_ns")
    long dueNs;

    @Column(name = "created_ns")
    long createdNs;

    boolean acknowledged;

    InterruptRow() {}

    InterruptRow(AgentKey key, QueuedInterrupt interrupt) {
        super(key);
        this.id = interrupt.id();
        this.kind = interrupt.kind();
        this.payload = interrupt.payload();
        this.dueNs = EpochNanos.of(interrupt.dueAt());
        this.createdNs = EpochNanos.of(interrupt.createdAt());
        this.acknowledged = false;
    }

    QueuedInterrupt toInterrupt() {
        return new QueuedInterrupt(id, kind, payload, EpochNanos.instant(dueNs), EpochNanos.instant(createdNs));
    }
}
