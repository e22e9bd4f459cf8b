package dev.mnemos.memory;

/** An operation named an agent the store does not hold. */
public class NoSuchAgentException extends MemoryException {

    public NoSuchAgentException(String message) {
        super(message);
    }
}
