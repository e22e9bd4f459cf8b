package dev.mnemos.memory.postgres;

import dev.mnemos.memory.AgentKey;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;

/** A row of {@code steps}: a step id committed once, which makes a retried commit a no-op. */
@Entity
@Table(name = "steps")
class StepRow extends TenantRow {

    @Column(name = "step_id")
    String stepId;

    long fence;

    @Column(name = "committed_ns")
    long committedNs;

    StepRow() {}

    StepRow(AgentKey key, String stepId, long fence, Instant at) {
        super(key);
        this.stepId = stepId;
        this.fence = fence;
        this.committedNs = EpochNanos.of(at);
    }
}
