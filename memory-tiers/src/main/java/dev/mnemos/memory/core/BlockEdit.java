package dev.mnemos.memory.core;

/**
 * An edit of one core memory block, as the LLM's syscalls ask for it. {@link #apply} is the one
 * place where edits are checked: every engine stores what it returns.
 */
public sealed interface BlockEdit {

    /** Adds text at the end, on a new line when the block is not empty. */
    record Append(String text) implements BlockEdit {}

    /** Replaces every occurrence of {@code oldText} (which must occur) by {@code newText}. */
    record Replace(String oldText, String newText) implements BlockEdit {}

    /** Rewrites the whole value (MemGPT's "rethink"). */
    record Rethink(String newValue) implements BlockEdit {}

    /**
     * Produces the block after this edit, with the same version (the store increments it).
     *
     * @throws BlockEditException when the block is read-only or the text to replace is missing
     * @throws BlockLimitExceededException when the result would pass the block's limit
     */
    default Block apply(Block block) {
        if (block.readOnly()) {
            throw new BlockEditException("block '" + block.label() + "' is read-only");
        }
        String value = switch (this) {
            case Append a -> block.value().isEmpty() ? a.text() : block.value() + "\n" + a.text();
            case Replace r -> {
                if (r.oldText().isEmpty()) {
                    throw new BlockEditException("the text to replace in block '" + block.label() + "' is empty");
                }
                if (!block.value().contains(r.oldText())) {
                    throw new BlockEditException("block '" + block.label() + "' does not contain '" + r.oldText() + "'");
                }
                yield block.value().replace(r.oldText(), r.newText());
            }
            case Rethink r -> r.newValue();
        };
        if (value.length() > block.limit()) {
            throw new BlockLimitExceededException(block.label(), value.length(), block.limit());
        }
        return block.withValue(value);
    }
}
