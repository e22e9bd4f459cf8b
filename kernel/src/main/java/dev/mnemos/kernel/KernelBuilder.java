package dev.mnemos.kernel;

import dev.langchain4j.model.TokenCountEstimator;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.mnemos.memory.ApproximateTokenCountEstimator;
import dev.mnemos.kernel.cluster.ClusterNode;
import dev.mnemos.kernel.context.ModelContext;
import dev.mnemos.kernel.context.Prompts;
import dev.mnemos.kernel.impl.KernelImpl;
import dev.mnemos.kernel.syscall.Syscall;
import dev.mnemos.memory.MemoryStore;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds a {@link Kernel}. Required: a store, and a {@link ChatModel} or a {@link StreamingChatModel}
 * (with both, steps stream). Everything else has a default.
 */
public final class KernelBuilder {

    MemoryStore store;
    ChatModel chatModel;
    StreamingChatModel streamingChatModel;
    TokenCountEstimator tokenCountEstimator;
    ModelContext modelContext;
    EmbeddingModel embeddingModel;
    Prompts prompts = Prompts.standard();
    final List<Syscall> syscalls = new ArrayList<>();
    InstantSource clock = InstantSource.system();
    int maxConcurrentSteps = 64;
    int maxConcurrentModelCalls = 4;
    int maxAttempts = 3;
    Duration sweepInterval = Duration.ofSeconds(1);
    Duration stepBudget = Duration.ofMinutes(2);
    ClusterNode cluster;

    KernelBuilder() {}

    public KernelBuilder store(MemoryStore store) {
        this.store = store;
        return this;
    }

    public KernelBuilder chatModel(ChatModel model) {
        this.chatModel = model;
        return this;
    }

    /** A streaming model: steps then emit {@link dev.mnemos.kernel.event.StepEvent.TokenDelta}s. */
    public KernelBuilder streamingChatModel(StreamingChatModel model) {
        this.streamingChatModel = model;
        return this;
    }

    /** Counts the window in the model's tokens; default {@link ApproximateTokenCountEstimator}. */
    public KernelBuilder tokenCountEstimator(TokenCountEstimator estimator) {
        this.tokenCountEstimator = estimator;
        return this;
    }

    /**
     * The model's exact measure of its prompt and its context (a local model has one): the window is then
     * counted as the model renders it and kept inside its context. Without one the kernel estimates.
     */
    public KernelBuilder modelContext(ModelContext context) {
        this.modelContext = context;
        return this;
    }

    /** Embeds archival passages and queries; without one, the archival syscalls answer with an error. */
    public KernelBuilder embeddingModel(EmbeddingModel model) {
        this.embeddingModel = model;
        return this;
    }

    public KernelBuilder prompts(Prompts prompts) {
        this.prompts = prompts;
        return this;
    }

    /** Registers a syscall beside the MemGPT set (an MCP tool, {@code memory_walk}, ...). */
    public KernelBuilder syscall(Syscall syscall) {
        this.syscalls.add(Objects.requireNonNull(syscall, "syscall"));
        return this;
    }

    public KernelBuilder clock(InstantSource clock) {
        this.clock = clock;
        return this;
    }

    /** How many steps may run at once, over all agents (default 64). */
    public KernelBuilder maxConcurrentSteps(int steps) {
        this.maxConcurrentSteps = steps;
        return this;
    }

    /** How many LLM and embedding calls may run at once (default 4): the bound of the model worker pool. */
    public KernelBuilder maxConcurrentModelCalls(int calls) {
        this.maxConcurrentModelCalls = calls;
        return this;
    }

    /** How many times a step whose model call or commit failed is tried before its interrupt is recorded as failed (default 3). */
    public KernelBuilder maxAttempts(int attempts) {
        this.maxAttempts = attempts;
        return this;
    }

    /** How often the kernel looks for due interrupts of agents it has not loaded (default 1 s). */
    public KernelBuilder sweepInterval(Duration interval) {
        this.sweepInterval = interval;
        return this;
    }

    /** How long a step may run before the kernel's watchdog warns about it (default 2 min). */
    public KernelBuilder stepBudget(Duration budget) {
        this.stepBudget = budget;
        return this;
    }

    /** Makes the kernel one node of several on one shared store (default: the only one, without leases). */
    public KernelBuilder cluster(ClusterNode node) {
        this.cluster = node;
        return this;
    }

    /**
     * @throws IllegalArgumentException when the store or both models are missing, or a bound is not positive
     */
    public Kernel build() {
        if (store == null) {
            throw new IllegalArgumentException("a kernel needs a store");
        }
        if (chatModel == null && streamingChatModel == null) {
            throw new IllegalArgumentException("a kernel needs a ChatModel or a StreamingChatModel");
        }
        if (maxConcurrentSteps < 1 || maxConcurrentModelCalls < 1 || maxAttempts < 1) {
            throw new IllegalArgumentException("maxConcurrentSteps, maxConcurrentModelCalls and maxAttempts must be positive");
        }
        return new KernelImpl(store, chatModel, streamingChatModel,
                tokenCountEstimator == null ? new ApproximateTokenCountEstimator() : tokenCountEstimator, modelContext,
                embeddingModel, prompts, List.copyOf(syscalls), clock, maxConcurrentSteps, maxConcurrentModelCalls,
                maxAttempts, sweepInterval, stepBudget, cluster);
    }
}
