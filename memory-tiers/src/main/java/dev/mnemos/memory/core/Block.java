package dev.mnemos.memory.core;

import dev.mnemos.memory.InvalidContentException;
import java.util.Objects;

/**
 * A core memory block: a labelled piece of text that always sits in the main context
 * (MemGPT's persona and human blocks), with a character limit the LLM must respect.
 *
 * @param label unique per agent, e.g. {@code persona}
 * @param value the text, at most {@code limit} characters
 * @param limit the largest value allowed, in characters (UTF-16 code units, as Letta counts)
 * @param readOnly when true, the LLM's syscalls cannot edit it
 * @param description what the block is for, shown to the LLM beside it
 * @param version 0 for a block not yet stored; each stored edit adds one
 */
public record Block(String label, String value, int limit, boolean readOnly, String description, long version) {

    public static final int DEFAULT_LIMIT = 5000;

    public Block {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(value, "value");
        description = description == null ? "" : description;
        if (!label.matches("[a-z][a-z0-9_]{0,63}")) {
            throw new InvalidContentException("block label must be 1-64 lower-case letters, digits or '_' starting with a letter, got '" + label + "'");
        }
        if (limit <= 0) {
            throw new InvalidContentException("block '" + label + "' needs a positive limit, got " + limit);
        }
        if (value.length() > limit) {
            throw new BlockLimitExceededException(label, value.length(), limit);
        }
    }

    public static Block of(String label, String value) {
        return new Block(label, value, DEFAULT_LIMIT, false, "", 0);
    }

    public Block withValue(String newValue) {
        return new Block(label, newValue, limit, readOnly, description, version);
    }

    /** This block as stored at {@code newVersion} (stores set it; callers keep the version they read). */
    public Block withVersion(long newVersion) {
        return new Block(label, value, limit, readOnly, description, newVersion);
    }
}
