package dev.mnemos.agents.syscall;

import dev.langchain4j.model.TokenCountEstimator;
import dev.langchain4j.model.chat.ChatModel;
import dev.mnemos.kernel.syscall.Syscall;
import dev.mnemos.memory.tree.MemoryWalker;
import dev.mnemos.memory.tree.SummaryTreeBuilder;
import dev.mnemos.memory.tree.TreeShape;
import java.util.List;

/**
 * The syscalls of the long-memory tiers, to add to a kernel's table with
 * {@code SyscallTable.with(LongMemorySyscalls.all(model, estimator, TreeShape.DEFAULT))}: MemWalker's
 * {@code memory_walk} and PRISM's {@code structured_memory_update} / {@code structured_memory_read}.
 * They need an engine that stores summary trees and structured memories (SQLite does).
 */
public final class LongMemorySyscalls {

    /** The most LLM decisions one {@code memory_walk} may take. */
    public static final int WALK_STEPS = 24;

    private LongMemorySyscalls() {
    }

    /** @param model the LLM that summarizes and walks trees, usually the agent's own */
    public static List<Syscall> all(ChatModel model, TokenCountEstimator estimator, TreeShape shape) {
        return List.of(
                new MemoryWalk(new SummaryTreeBuilder(model, estimator, shape), new MemoryWalker(model, estimator, WALK_STEPS), shape),
                new StructuredMemoryUpdate(),
                new StructuredMemoryRead());
    }
}
