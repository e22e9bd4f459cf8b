package dev.mnemos.memory;

/** A write carried a fencing token older than the agent's current lease: another node owns the agent now. */
public class StaleFenceException extends MemoryException {

    public StaleFenceException(String message) {
        super(message);
    }
}
