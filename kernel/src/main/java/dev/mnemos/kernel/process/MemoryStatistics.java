package dev.mnemos.kernel.process;

import java.time.Instant;

/**
 * What the main context tells the LLM about the slower tiers.
 *
 * @param recallMessages messages in recall storage
 * @param archivalPassages passages in archival storage
 * @param recallLastWrite when the newest message was written, or null when there is none
 * @param archivalLastWrite when the newest passage was written, or null when there is none
 */
public record MemoryStatistics(long recallMessages, long archivalPassages, Instant recallLastWrite, Instant archivalLastWrite) {

    public static final MemoryStatistics EMPTY = new MemoryStatistics(0, 0, null, null);

    /** The statistics after a step wrote {@code messages} messages and {@code passages} passages at {@code at}. */
    public MemoryStatistics plus(int messages, int passages, Instant at) {
        return new MemoryStatistics(
                recallMessages + messages,
                archivalPassages + passages,
                messages > 0 ? at : recallLastWrite,
                passages > 0 ? at : archivalLastWrite);
    }
}
