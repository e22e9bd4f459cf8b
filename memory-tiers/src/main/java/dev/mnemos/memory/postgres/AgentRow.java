package dev.mnemos.memory.postgres;

import dev.mnemos.memory.agent.AgentRecord;
import dev.mnemos.memory.agent.AgentState;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A row of {@code agents}: the agent, its state, its version, and the newest fence it committed under. */
@Entity
@Table(name = "agents")
class AgentRow extends TenantRow {

    String name;
    String type;
    String config;
    String status;
    String summary;

    @Column(name = "context_ids")
    String contextIds;

    long version;

    /** The largest fencing token a commit of this agent carried; an older one is refused. */
    long fence;

    /** The sequence number of the agent's newest message. */
    @Column(name = "last_sequence")
    long lastSequence;

    /** Moves with every insert or delete of the agent's passages; see {@link PassageIndex}. */
    @Column(name = "archival_version")
    long archivalVersion;

    @Column(name = "created_ns", updatable = false)
    long createdNs;

    @Column(name = "updated_ns")
    long updatedNs;

    AgentRow() {}

    AgentRow(AgentRecord record) {
        super(record.key());
        this.name = record.name();
        this.type = record.type();
        this.config = record.config();
        this.version = 1;
        this.createdNs = EpochNanos.of(record.createdAt());
        this.updatedNs = EpochNanos.of(record.updatedAt());
        state(record.state());
    }

    void state(AgentState state) {
        this.status = state.status();
        this.summary = state.summary();
        this.contextIds = LengthPrefixed.encode(state.contextMessageIds());
    }

    AgentRecord toRecord() {
        AgentState state = new AgentState(status, summary, LengthPrefixed.decode(contextIds));
        return new AgentRecord(key(), name, type, config, state, version, EpochNanos.instant(createdNs), EpochNanos.instant(updatedNs));
    }
}
