package dev.mnemos.memory;

/**
 * A write expected a version of an agent or a block that is no longer the stored one: someone else
 * wrote in between. Re-read and retry.
 */
public class VersionConflictException extends MemoryException {

    public VersionConflictException(String message) {
        super(message);
    }
}
