package dev.mnemos.agents;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.TokenCountEstimator;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.mnemos.agents.syscall.LongMemorySyscalls;
import dev.mnemos.kernel.Kernel;
import dev.mnemos.kernel.KernelBuilder;
import dev.mnemos.kernel.process.AgentConfig;
import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.MemoryStore;
import dev.mnemos.memory.archival.ArchivalMemory;
import dev.mnemos.memory.archival.EmbeddingSpace;
import dev.mnemos.memory.ApproximateTokenCountEstimator;
import dev.mnemos.memory.tree.TreeShape;
import dev.mnemos.tools.ToolRegistry;
import dev.mnemos.tools.ToolSyscall;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * A kernel with every syscall the agent types use: the MemGPT set (the kernel's own), MemWalker's
 * {@code memory_walk}, PRISM's {@code structured_memory_*}, and the tools of a {@link ToolRegistry}
 * as they are registered when the kernel is built (the kernel's table is fixed then). Agent types
 * are compositions over it; none of them forks the kernel.
 *
 * @param kernel the started kernel
 * @param store the store it runs on; the runtime does not close it
 * @param model the LLM of the agents, which also summarizes and walks trees
 * @param embeddings embeds archival passages, or null when the agents have no archival memory
 * @param tools the registry whose tools the kernel's table holds
 * @param shape how document trees are cut
 */
public record AgentRuntime(Kernel kernel, MemoryStore store, ChatModel model, EmbeddingModel embeddings, ToolRegistry tools, TreeShape shape)
        implements AutoCloseable {

    /** How long the blocking face of this runtime waits for one verb. */
    public static final Duration TIMEOUT = Duration.ofMinutes(5);

    public AgentRuntime {
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(tools, "tools");
        Objects.requireNonNull(shape, "shape");
    }

    /** Builds and starts a kernel over {@code store} with every agent syscall; {@code customize} may set more of the builder. */
    public static AgentRuntime start(MemoryStore store, ChatModel model, EmbeddingModel embeddings, ToolRegistry tools,
                                     TreeShape shape, UnaryOperator<KernelBuilder> customize) {
        TokenCountEstimator estimator = new ApproximateTokenCountEstimator();
        KernelBuilder builder = Kernel.builder().store(store).chatModel(model);
        if (embeddings != null) {
            builder.embeddingModel(embeddings);
        }
        LongMemorySyscalls.all(model, estimator, shape).forEach(builder::syscall);
        ToolSyscall.all(tools).forEach(builder::syscall);
        Kernel kernel = customize.apply(builder).build();
        kernel.blocking(TIMEOUT).start();
        return new AgentRuntime(kernel, store, model, embeddings, tools, shape);
    }

    /** {@link #start(MemoryStore, ChatModel, EmbeddingModel, ToolRegistry, TreeShape, UnaryOperator)} with the defaults. */
    public static AgentRuntime start(MemoryStore store, ChatModel model, EmbeddingModel embeddings, ToolRegistry tools) {
        return start(store, model, embeddings, tools, TreeShape.DEFAULT, b -> b);
    }

    /**
     * Archival memory outside a step, in the same embedding space as the kernel's archival syscalls.
     *
     * @throws IllegalStateException when the runtime has no embedding model
     */
    public ArchivalMemory archival() {
        if (embeddings == null) {
            throw new IllegalStateException("this runtime has no embedding model, so no archival memory");
        }
        return new ArchivalMemory(store.archival(), embeddings, EmbeddingSpace.of(embeddings), Clock.systemUTC());
    }

    /**
     * Offers the agent these tools of the registry (an MCP server's, attached after the kernel started): each
     * becomes a syscall of the running kernel ({@link Kernel#addSyscall}) and is named in the agent's tool table. A
     * kernel offers such a syscall only to the agents that name it, so the table of an agent that named none (every
     * built-in syscall) is written out first.
     */
    public void offerTools(AgentKey agent, List<String> names) {
        for (String name : names) {
            tools.tool(name).ifPresent(tool -> kernel.addSyscall(new ToolSyscall(tools, tool.specification())));
        }
        retable(agent, table -> table.addAll(names));
    }

    /** Takes the tools {@code which} picks out of the agent's tool table (an MCP server detached). */
    public void withdrawTools(AgentKey agent, Predicate<String> which) {
        retable(agent, table -> table.removeIf(which));
    }

    private void retable(AgentKey agent, Consumer<Set<String>> change) {
        var blocking = kernel.blocking(TIMEOUT);
        AgentConfig config = blocking.process(agent).config();
        Set<String> table = new LinkedHashSet<>(config.tools().isEmpty()
                ? blocking.inspect(agent).tools().stream().map(ToolSpecification::name).toList()
                : config.tools());
        change.accept(table);
        blocking.reconfigure(agent, config.withTools(List.copyOf(table)));
    }

    /** Stops the kernel; the store stays open. */
    @Override
    public void close() {
        kernel.close();
    }
}
