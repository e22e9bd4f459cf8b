package dev.mnemos.kernel.impl;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.mnemos.kernel.context.ContextRenderer;
import dev.mnemos.kernel.context.Prompts;
import dev.mnemos.kernel.pager.RecursiveSummary;
import dev.mnemos.kernel.syscall.SyscallTable;
import dev.mnemos.memory.MemoryStore;
import java.time.InstantSource;
import java.util.concurrent.Executor;

/**
 * What every step of a kernel shares.
 *
 * @param embeddings null when the kernel has no embedding model (archival syscalls then answer with an error)
 * @param steps the executor step logic continues on after a model call, so model workers only wait on models
 */
record KernelParts(
        MemoryStore store,
        Prompts prompts,
        ContextRenderer renderer,
        SyscallTable syscalls,
        ModelGate gate,
        RecursiveSummary summary,
        EmbeddingModel embeddings,
        EventHub events,
        InstantSource clock,
        Executor steps) {}
