package dev.mnemos.memory.core;

import dev.mnemos.memory.MemoryException;

/** An edit that cannot apply: the block is read-only, missing, or the text to replace is not in it. */
public class BlockEditException extends MemoryException {

    public BlockEditException(String message) {
        super(message);
    }
}
