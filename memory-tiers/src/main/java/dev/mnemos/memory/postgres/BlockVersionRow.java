package dev.mnemos.memory.postgres;

import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.core.BlockVersion;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.time.Instant;

/** A row of {@code block_versions}: one stored state of a block, never changed once written. */
@Entity
@Table(name = "block_versions")
class BlockVersionRow extends TenantRow {

    String label;
    long version;
    String value;

    @Column(name = "step_id")
    String stepId;

    @Column(name = "at_ns")
    long atNs;

    BlockVersionRow() {}

    BlockVersionRow(AgentKey key, BlockRow block, String stepId, Instant at) {
        super(key);
        this.label = block.label;
        this.version = block.version;
        this.value = block.value;
        this.stepId = stepId;
        this.atNs = EpochNanos.of(at);
    }

    BlockVersion toVersion() {
        return new BlockVersion(label, version, value, EpochNanos.instant(atNs), stepId);
    }
}
