package dev.mnemos.memory.structured;

import dev.mnemos.memory.tree.LlmCost;
import java.util.List;

/**
 * What reading a long input into a structured memory produced.
 *
 * @param memory the memory after the last chunk
 * @param applied how many updates were applied
 * @param rejected the updates refused, in order
 * @param cost the LLM use of the run
 */
public record PrismRun(StructuredMemory memory, int applied, List<RejectedUpdate> rejected, LlmCost cost) {

    public PrismRun {
        rejected = List.copyOf(rejected);
    }
}
