package dev.mnemos.memory.structured;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Applies structured updates to a memory, one at a time, each all or nothing: an update whose path
 * does not fit, or whose result breaks the schema, is refused and the memory stays as it was.
 */
public final class MemoryUpdater {

    /**
     * Produces {@code memory} with {@code update} applied and its version one on.
     *
     * @throws MemoryUpdateException with a message meant for the LLM when the path does not exist
     *     (for {@code replace}, {@code delete}, or the parent of an {@code add}), an array index is
     *     out of range, or the result violates the schema
     */
    public StructuredMemory apply(StructuredMemory memory, MemoryUpdate update) {
        JsonNode document = memory.document();
        JsonNode result = change(document, update);
        List<String> violations = memory.schema().violations(result);
        if (!violations.isEmpty()) {
            throw new MemoryUpdateException("'" + update.line() + "' breaks the schema: " + String.join("; ", violations));
        }
        return new StructuredMemory(memory.name(), memory.schema(), result, memory.version() + 1);
    }

    /** Produces {@code memory} with every update applied in order; the first refusal stops it. */
    public StructuredMemory applyAll(StructuredMemory memory, List<MemoryUpdate> updates) {
        StructuredMemory current = memory;
        for (MemoryUpdate update : updates) {
            current = apply(current, update);
        }
        return current;
    }

    private static JsonNode change(JsonNode document, MemoryUpdate update) {
        if (update.path().isEmpty()) {
            if (update.op() == MemoryUpdate.Op.DELETE) {
                throw new MemoryUpdateException("'" + update.line() + "': the whole memory cannot be deleted");
            }
            return update.value();
        }
        JsonPointer pointer = pointer(update);
        JsonNode parent = document.at(pointer.head());
        String step = pointer.last().getMatchingProperty();
        switch (parent) {
            case ArrayNode array -> inArray(array, step, update);
            case ObjectNode object -> inObject(object, step, update);
            default -> throw update.op() == MemoryUpdate.Op.ADD
                    ? missing(update, "its parent " + (pointer.head().toString().isEmpty() ? "(the root)" : pointer.head().toString())
                            + " is not an object or array in the memory")
                    : nothingAt(update);
        }
        return document;
    }

    private static void inArray(ArrayNode array, String step, MemoryUpdate update) {
        switch (update.op()) {
            case ADD -> {
                if (step.equals("-")) {
                    array.add(update.value());
                } else {
                    array.insert(index(update, step, array.size()), update.value());
                }
            }
            case REPLACE -> array.set(index(update, step, array.size() - 1), update.value());
            case DELETE -> array.remove(index(update, step, array.size() - 1));
        }
    }

    private static void inObject(ObjectNode object, String step, MemoryUpdate update) {
        if (update.op() != MemoryUpdate.Op.ADD && !object.has(step)) {
            throw nothingAt(update);
        }
        if (update.op() == MemoryUpdate.Op.DELETE) {
            object.remove(step);
        } else {
            object.set(step, update.value());
        }
    }

    private static MemoryUpdateException nothingAt(MemoryUpdate update) {
        return update.op() == MemoryUpdate.Op.REPLACE
                ? missing(update, "there is nothing at " + update.path() + " to replace (use add)")
                : missing(update, "there is nothing at " + update.path() + " to delete");
    }

    private static JsonPointer pointer(MemoryUpdate update) {
        try {
            return JsonPointer.compile(update.path());
        } catch (IllegalArgumentException e) {
            throw new MemoryUpdateException("'" + update.line() + "': " + update.path() + " is not a JSON Pointer: " + e.getMessage());
        }
    }

    private static int index(MemoryUpdate update, String step, int max) {
        try {
            int index = Integer.parseInt(step);
            if (index >= 0 && index <= max) {
                return index;
            }
        } catch (NumberFormatException e) {
            // falls through to the refusal below
        }
        throw missing(update, "'" + step + "' is not an index of that array (0 to " + max + (update.op() == MemoryUpdate.Op.ADD ? ", or -" : "") + ")");
    }

    private static MemoryUpdateException missing(MemoryUpdate update, String why) {
        return new MemoryUpdateException("'" + update.line() + "': " + why);
    }
}
