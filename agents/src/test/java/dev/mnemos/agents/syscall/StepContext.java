package dev.mnemos.agents.syscall;

import dev.mnemos.kernel.context.Prompts;
import dev.mnemos.kernel.syscall.SyscallContext;
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

/** The part of a step that the long-memory syscalls use: the agent and the store; the rest is out of their reach. */
record StepContext(AgentKey agent, MemoryStore store) implements SyscallContext {

    @Override
    public String stepId() {
        return "step-1";
    }

    @Override
    public Instant now() {
        return Instant.parse("2026-03-01T10:00:00Z");
    }

    @Override
    public Prompts prompts() {
        return Prompts.standard();
    }

    @Override
    public List<Block> blocks() {
        throw new UnsupportedOperationException("not used by long-memory syscalls");
    }

    @Override
    public Block editBlock(String label, BlockEdit edit) {
        throw new UnsupportedOperationException("not used by long-memory syscalls");
    }

    @Override
    public void send(String message) {
        throw new UnsupportedOperationException("not used by long-memory syscalls");
    }

    @Override
    public Uni<RecallPage> searchRecall(RecallQuery query) {
        throw new UnsupportedOperationException("not used by long-memory syscalls");
    }

    @Override
    public Uni<String> insertArchival(String text, Set<String> tags) {
        throw new UnsupportedOperationException("not used by long-memory syscalls");
    }

    @Override
    public Uni<List<ScoredPassage>> searchArchival(String query, ArchivalQuery filters) {
        throw new UnsupportedOperationException("not used by long-memory syscalls");
    }
}
