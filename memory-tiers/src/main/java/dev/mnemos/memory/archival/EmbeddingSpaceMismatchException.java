package dev.mnemos.memory.archival;

import dev.mnemos.memory.MemoryException;

/** Vectors of two embedding spaces met: the store refuses to mix or compare them. */
public class EmbeddingSpaceMismatchException extends MemoryException {

    public EmbeddingSpaceMismatchException(String message) {
        super(message);
    }
}
