package dev.mnemos.memory.structured;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * One structured update of a memory, as the LLM emits it. Paths are JSON Pointers (RFC 6901):
 * {@code /characters/0/name}; {@code -} as the last step of an {@code add} means the end of an
 * array. The meanings are JSON Patch's (RFC 6902): {@code add} inserts into an array or sets an
 * object member, {@code replace} changes a value that exists, {@code delete} removes one.
 *
 * @param op what to do
 * @param path where, {@code ""} for the whole document
 * @param value the new value; null for {@link Op#DELETE}
 */
public record MemoryUpdate(Op op, String path, JsonNode value) {

    public enum Op {
        ADD,
        REPLACE,
        DELETE
    }

    public MemoryUpdate {
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(path, "path");
        if (!path.isEmpty() && !path.startsWith("/")) {
            throw new IllegalArgumentException("a path starts with '/', got '" + path + "'");
        }
        if ((op == Op.DELETE) != (value == null)) {
            throw new IllegalArgumentException(op == Op.DELETE ? "delete takes no value" : op.name().toLowerCase() + " needs a value");
        }
        value = value == null ? null : value.deepCopy();
    }

    /** The update as one line of the update language, e.g. {@code add /events/- {"level":"INFO"}}. */
    public String line() {
        return op.name().toLowerCase() + " " + (path.isEmpty() ? "\"\"" : path) + (value == null ? "" : " " + value);
    }
}
