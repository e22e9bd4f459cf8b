package dev.mnemos.memory.structured;

import com.fasterxml.jackson.databind.JsonNode;
import dev.mnemos.memory.InvalidContentException;
import java.util.List;
import java.util.Objects;

/**
 * A structured memory: a JSON tree that conforms to its schema, and a version that counts the
 * updates applied to it. Immutable: {@link MemoryUpdater} produces new versions.
 *
 * @param name unique per agent, e.g. {@code long-input} or {@code task:incident-42}
 * @param schema what the tree must keep to
 * @param document the tree; copied, never shared
 * @param version 0 for a fresh memory, one more per applied update
 */
public record StructuredMemory(String name, MemorySchema schema, JsonNode document, long version) {

    public StructuredMemory {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(schema, "schema");
        Objects.requireNonNull(document, "document");
        if (name.isBlank() || name.length() > 128) {
            throw new InvalidContentException("memory name must be 1-128 characters, got '" + name + "'");
        }
        if (version < 0) {
            throw new IllegalArgumentException("version must be >= 0, got " + version);
        }
        document = document.deepCopy();
    }

    /**
     * A fresh memory at the schema's initial document.
     *
     * @throws InvalidContentException when the schema's own default does not conform to it
     */
    public static StructuredMemory fresh(String name, MemorySchema schema) {
        JsonNode initial = schema.initialDocument();
        List<String> violations = schema.violations(initial);
        if (!violations.isEmpty()) {
            throw new InvalidContentException("the default of memory schema " + schema.name() + " does not conform to it: " + violations);
        }
        return new StructuredMemory(name, schema, initial, 0);
    }

    @Override
    public JsonNode document() {
        return document.deepCopy();
    }

    /** The tree as compact JSON, the way it is rendered into a prompt and stored. */
    public String render() {
        return document.toString();
    }
}
