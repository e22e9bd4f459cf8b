package dev.mnemos.memory.core;

import dev.mnemos.memory.MemoryException;

/** An edit would make a block longer than its limit; says by how much. */
public class BlockLimitExceededException extends MemoryException {

    public BlockLimitExceededException(String label, int length, int limit) {
        super("block '" + label + "' would hold " + length + " characters, " + (length - limit)
                + " over its limit of " + limit + "; shorten the text or replace something first");
    }
}
