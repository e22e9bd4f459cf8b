package dev.mnemos.kernel.syscall;

import dev.mnemos.kernel.context.Prompts;
import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.MemoryStore;
import dev.mnemos.memory.archival.ArchivalQuery;
import dev.mnemos.memory.archival.ScoredPassage;
import dev.mnemos.memory.core.Block;
import dev.mnemos.memory.core.BlockEdit;
import dev.mnemos.memory.recall.RecallPage;
import dev.mnemos.memory.recall.RecallQuery;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * What a syscall may touch during a step. Writes are buffered: they reach storage together with
 * everything else the step produced, in its one commit (DESIGN.md, step 5), and are visible to the
 * later calls of the same step at once. Reads go to storage.
 */
public interface SyscallContext {

    /** The agent the step runs for. */
    AgentKey agent();

    /** The step's id, unique per agent. */
    String stepId();

    /** The step's clock. */
    Instant now();

    /** The kernel's texts, for results and errors the LLM reads. */
    Prompts prompts();

    /** The core memory blocks as this step sees them, buffered edits included, ordered by label. */
    List<Block> blocks();

    /**
     * Applies an edit to a block (checked by {@link BlockEdit#apply}) and buffers it for the commit.
     *
     * @throws dev.mnemos.memory.MemoryException with a message for the LLM when there is no such
     *     block, it is read-only, the text to replace is missing, or the result would pass its limit
     */
    Block editBlock(String label, BlockEdit edit);

    /** Queues a message for the user; it is acknowledged (and shown) once the step is committed. */
    void send(String message);

    /** Searches recall storage (messages of earlier steps). */
    Uni<RecallPage> searchRecall(RecallQuery query);

    /**
     * Embeds a passage and buffers it for the commit; produces its id.
     *
     * @throws dev.mnemos.memory.MemoryException when the kernel has no embedding model
     */
    Uni<String> insertArchival(String text, Set<String> tags);

    /**
     * Searches archival storage by meaning, best first.
     *
     * @throws dev.mnemos.memory.MemoryException when the kernel has no embedding model
     */
    Uni<List<ScoredPassage>> searchArchival(String query, ArchivalQuery filters);

    /** The store, for syscalls of other modules that read tiers the kernel does not wrap (summary trees, structured memory). */
    MemoryStore store();
}
