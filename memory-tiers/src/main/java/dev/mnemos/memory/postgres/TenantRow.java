package dev.mnemos.memory.postgres;

import dev.mnemos.memory.AgentKey;
import jakarta.persistence.Column;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import jakarta.persistence.SequenceGenerator;

/**
 * What every row of the PostgreSQL engine carries: a surrogate key and the organisation and agent
 * it belongs to. Ids come from one sequence in blocks of 50 (V001), so inserts can be batched.
 */
@MappedSuperclass
abstract class TenantRow {

    @Id
    @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "row_ids")
    @SequenceGenerator(name = "row_ids", sequenceName = "row_ids", allocationSize = 50)
    @Column(name = "row_id")
    Long rowId;

    @Column(name = "organization", nullable = false, updatable = false)
    String organization;

    @Column(name = "agent", nullable = false, updatable = false)
    String agent;

    TenantRow() {}

    TenantRow(AgentKey key) {
        this.organization = key.organization();
        this.agent = key.agent();
    }

    AgentKey key() {
        return new AgentKey(organization, agent);
    }
}
