package dev.mnemos.memory.structured;

import dev.mnemos.memory.MemoryException;

/** An update that was not applied: its path does not fit the memory, or the result breaks the schema. */
public class MemoryUpdateException extends MemoryException {

    public MemoryUpdateException(String message) {
        super(message);
    }
}
