package dev.mnemos.memory.postgres;

import dev.mnemos.memory.AgentKey;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A row of {@code passage_tags}: one tag of one passage. */
@Entity
@Table(name = "passage_tags")
class PassageTagRow extends TenantRow {

    @Column(name = "passage_id")
    String passageId;

    String tag;

    PassageTagRow() {}

    PassageTagRow(AgentKey key, String passageId, String tag) {
        super(key);
        this.passageId = passageId;
        this.tag = tag;
    }
}
