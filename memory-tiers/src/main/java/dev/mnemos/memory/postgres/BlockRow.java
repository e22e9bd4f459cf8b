package dev.mnemos.memory.postgres;

import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.core.Block;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A row of {@code blocks}: the current value of one core memory block. */
@Entity
@Table(name = "blocks")
class BlockRow extends TenantRow {

    @Column(updatable = false)
    String label;

    String value;

    @Column(name = "char_limit")
    int limit;

    @Column(name = "read_only")
    boolean readOnly;

    String description;

    long version;

    BlockRow() {}

    BlockRow(AgentKey key, Block block) {
        super(key);
        this.label = block.label();
        this.version = 0;
        set(block);
    }

    /** Takes the block's value, limit, flag and description; the version is the caller's to move. */
    void set(Block block) {
        this.value = block.value();
        this.limit = block.limit();
        this.readOnly = block.readOnly();
        this.description = block.description();
    }

    Block toBlock() {
        return new Block(label, value, limit, readOnly, description, version);
    }
}
