package dev.mnemos.memory.postgres;

import dev.mnemos.memory.archival.VectorBytes;
import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.archival.Passage;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A row of {@code passages}; its tags live in {@link PassageTagRow}s so that SQL can filter on them. */
@Entity
@Table(name = "passages")
class PassageRow extends TenantRow {

    String id;
    String text;

    /** float32 little-endian; see {@link Embeddings}. */
    byte[] embedding;

    /** Keys and values alternating, {@link LengthPrefixed}. */
    String metadata;

    @Column(name = "created_ns")
    long createdNs;

    PassageRow() {}

    PassageRow(AgentKey key, Passage passage) {
        super(key);
        this.id = passage.id();
        this.text = passage.text();
        this.embedding = VectorBytes.toBytes(passage.embedding());
        List<String> pairs = new ArrayList<>();
        passage.metadata().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            pairs.add(e.getKey());
            pairs.add(e.getValue());
        });
        this.metadata = LengthPrefixed.encode(pairs);
        this.createdNs = EpochNanos.of(passage.createdAt());
    }

    Passage toPassage(Set<String> tags) {
        List<String> pairs = LengthPrefixed.decode(metadata);
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i + 1 < pairs.size(); i += 2) {
            map.put(pairs.get(i), pairs.get(i + 1));
        }
        return new Passage(id, text, VectorBytes.fromBytes(embedding), tags, map, EpochNanos.instant(createdNs));
    }
}
