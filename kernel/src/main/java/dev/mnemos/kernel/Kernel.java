package dev.mnemos.kernel;

import dev.mnemos.kernel.context.ContextWindow;
import dev.mnemos.kernel.event.StepEvent;
import dev.mnemos.kernel.interrupt.Interrupt;
import dev.mnemos.kernel.process.AgentConfig;
import dev.mnemos.kernel.process.AgentProcess;
import dev.mnemos.kernel.syscall.Syscall;
import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.core.Block;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.List;

/**
 * The operating system of agent memory: it runs agent processes, one step at a time per agent,
 * woken by interrupts (DESIGN.md, "Data flow of one agent step").
 *
 * <p>Verbs, each defined once: <em>deliver</em> an interrupt = persist it on the agent's queue,
 * then acknowledge it to the caller, then schedule the agent; a <em>step</em> consumes one
 * interrupt, asks the LLM, runs its syscalls and commits everything at once; <em>send</em> = deliver
 * a user message and produce the committed answer of its chain of steps.
 *
 * <pre>{@code
 * Kernel kernel = Kernel.builder().store(store).chatModel(model).build();
 * kernel.start().await().atMost(Duration.ofSeconds(5));
 * kernel.spawn(key, "Sam", "chat", AgentConfig.DEFAULT, List.of(Block.of("human", ""))).await().atMost(...);
 * Reply reply = kernel.blocking(Duration.ofMinutes(2)).send(key, "Hello, I am Ada");
 * }</pre>
 *
 * <p>Every {@code Uni} does nothing until subscribed. {@link #blocking} gives the same verbs for
 * callers that must block.
 */
public interface Kernel extends AutoCloseable {

    /** A builder of the default kernel. */
    static KernelBuilder builder() {
        return new KernelBuilder();
    }

    /**
     * Creates an agent with its configuration and core memory blocks, and produces its process (sleeping).
     *
     * @throws dev.mnemos.memory.MemoryException when an agent of that key exists
     */
    Uni<AgentProcess> spawn(AgentKey agent, String name, String type, AgentConfig config, List<Block> blocks);

    /**
     * Produces the agent's process as its last committed step left it.
     *
     * @throws dev.mnemos.memory.NoSuchAgentException for an unknown agent
     */
    Uni<AgentProcess> process(AgentKey agent);

    /** Replaces the agent's configuration (model settings, pager thresholds, step limit, tool table) from its next step on. */
    Uni<AgentProcess> reconfigure(AgentKey agent, AgentConfig config);

    /**
     * Delivers an interrupt: it is persisted on the agent's queue before this produces its id, so a
     * crash afterwards does not lose it. Delivering an id that is queued (or was consumed) already
     * changes nothing.
     */
    Uni<String> deliver(AgentKey agent, Interrupt interrupt);

    /**
     * Delivers a user message and produces the reply once every step of its chain (its heartbeats
     * included) is committed: a reply is never acknowledged before it is durable.
     */
    Uni<Reply> send(AgentKey agent, String text);

    /**
     * Like {@link #send(AgentKey, String)}, under the caller's interrupt id: a caller unsure whether
     * an earlier send arrived may send the same message again, and it is queued and answered once
     * (a repeat of a message already answered produces an empty reply at once: the first one carried
     * the messages).
     */
    Uni<Reply> send(AgentKey agent, Interrupt.UserMessage message);

    /**
     * Delivers a user message and produces the events of the chain of steps it starts, from its
     * first step's {@link StepEvent.Started} to the event that ends the chain ({@link StepEvent.Committed}
     * without a heartbeat, {@link StepEvent.Cancelled}, or {@link StepEvent.Failed} not retrying), then
     * completes; the events are heard wherever the agent runs. A repeat of a message whose chain is over
     * completes at once, empty. On a node of several, a chain whose last step's node died after its commit
     * and before relaying it ends with a {@link StepEvent.Committed} of that step, as the store has it, a
     * lease's time to live or two later (its replies are in the agent's history); so does a repeat there,
     * a lease's time to live later, since until then it looks like a chain that just ended on another node.
     */
    Multi<StepEvent> stream(AgentKey agent, Interrupt.UserMessage message);

    /**
     * Produces whether the interrupt waits on the agent's queue (its step may be running): false
     * once a step consumed it, or when it was never delivered.
     */
    Uni<Boolean> queued(AgentKey agent, String interruptId);

    /**
     * Produces the exact window the LLM would see if the agent stepped now (without the input of
     * that step): the messages, the tool specifications and the token cost of each section.
     */
    Uni<ContextWindow> inspect(AgentKey agent);

    /**
     * The size of the main context an agent of {@code config} gets, in tokens: its {@link AgentConfig#contextWindowTokens()},
     * kept inside a local model's context with room for the answer. Below {@link dev.mnemos.kernel.context.ContextRenderer#COMPACT_BELOW}
     * the kernel renders the compact system prompt and tool descriptions, and agent types pick their compact prompts.
     */
    int windowTokens(AgentConfig config);

    /**
     * Adds a syscall to the running kernel (an MCP server's tool, attached after start). It is
     * offered only to the agents whose {@link AgentConfig#tools()} name it,
     * so an agent that names none keeps the syscalls the kernel was built with. A syscall added
     * earlier under that name is replaced; steps running now keep the table they started with.
     *
     * @throws IllegalArgumentException when a syscall the kernel was built with has that name
     */
    void addSyscall(Syscall syscall);

    /**
     * Cancels the agent's running step: the model call is abandoned, nothing the step did is
     * stored, and its interrupt is consumed with a notice of the cancellation. Produces false when
     * no step was running.
     */
    Uni<Boolean> cancel(AgentKey agent);

    /**
     * The agent's step events from subscription on, in the order its steps emit them; a hot stream
     * that ends when the kernel closes or the subscriber cancels.
     */
    Multi<StepEvent> events(AgentKey agent);

    /**
     * Starts the kernel: schedules every agent with a due interrupt (what a crashed or stopped
     * kernel left: its steps run again, and their commits are idempotent) and starts the periodic
     * sweep for timers.
     */
    Uni<Void> start();

    /** The blocking face of this kernel: the same verbs, each waiting at most {@code timeout}. */
    default BlockingKernel blocking(Duration timeout) {
        return new BlockingKernel(this, timeout);
    }

    /** Stops scheduling and the kernel's threads; does not close the store. */
    @Override
    void close();
}
