package dev.mnemos.memory.recall;

/** Who wrote a message. */
public enum Role {
    SYSTEM,
    USER,
    ASSISTANT,
    TOOL
}
