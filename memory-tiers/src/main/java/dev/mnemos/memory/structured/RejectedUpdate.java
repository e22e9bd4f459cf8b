package dev.mnemos.memory.structured;

/**
 * An update the LLM asked for that was not applied.
 *
 * @param chunk the index of the chunk whose reply asked for it, from 0
 * @param error why, as fed back to the LLM with the next chunk
 */
public record RejectedUpdate(int chunk, String error) {
}
