package dev.mnemos.memory;

/** Content that cannot be stored as given: too large, not valid UTF-16/UTF-8 text, a malformed id. */
public class InvalidContentException extends MemoryException {

    public InvalidContentException(String message) {
        super(message);
    }
}
