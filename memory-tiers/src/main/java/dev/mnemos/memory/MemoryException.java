package dev.mnemos.memory;

/**
 * A refusal by a memory tier, with a message meant for the user or the LLM (it is fed back
 * to the LLM as a syscall error). The store is unchanged when one is thrown.
 */
public class MemoryException extends RuntimeException {

    public MemoryException(String message) {
        super(message);
    }

    public MemoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
