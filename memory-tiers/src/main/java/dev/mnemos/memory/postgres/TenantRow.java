package dev.mnemos.memory.postgres;

import dev.mnemos.memory.AgentKey;
import jakarta.persistence.Column;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;

/**
 * What every row of the PostgreSQL engine carries: a surrogate key and the organisation and agent
 * it belongs to. Ids come from the database (one {@code nextval} of {@code row_ids} per row, V004):
 * Hibernate's pooled blocks of two engines on one schema (two nodes) overlapped.
 */
@MappedSuperclass
abstract class TenantRow {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
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
