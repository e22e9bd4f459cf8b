package dev.mnemos.inference.gguf;

/**
 * A model file that cannot be read: bad magic, an unsupported version, a count or length larger than the file,
 * an offset past its end, an unknown type. Unchecked, like {@link java.io.UncheckedIOException}: a caller can do
 * nothing with a broken file but report it, and the message says where the file broke.
 */
public final class ModelFormatException extends RuntimeException {

    private final long offset;

    /** @param offset the byte offset in the file where the problem was found, or -1 when it has no single place */
    public ModelFormatException(long offset, String message) {
        super(offset >= 0 ? message + " (at byte offset " + offset + ")" : message);
        this.offset = offset;
    }

    public ModelFormatException(String message) {
        this(-1, message);
    }

    /** The byte offset in the file where the problem was found, or -1 when it has no single place. */
    public long offset() {
        return offset;
    }
}
