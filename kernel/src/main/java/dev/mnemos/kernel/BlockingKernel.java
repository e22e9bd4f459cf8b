package dev.mnemos.kernel;

import dev.mnemos.kernel.context.ContextWindow;
import dev.mnemos.kernel.interrupt.Interrupt;
import dev.mnemos.kernel.process.AgentConfig;
import dev.mnemos.kernel.process.AgentProcess;
import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.core.Block;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The blocking face of a {@link Kernel}, for the CLI and examples: every verb of {@link Kernel}
 * that produces a {@code Uni}, with the same name and parameters, awaiting it under one timeout.
 * There is no second implementation: each method is the async one, awaited.
 *
 * @throws io.smallrye.mutiny.TimeoutException (from any method) when the timeout passes first
 */
public final class BlockingKernel {

    private final Kernel kernel;
    private final Duration timeout;

    public BlockingKernel(Kernel kernel, Duration timeout) {
        this.kernel = Objects.requireNonNull(kernel, "kernel");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** @see Kernel#spawn */
    public AgentProcess spawn(AgentKey agent, String name, String type, AgentConfig config, List<Block> blocks) {
        return await(kernel.spawn(agent, name, type, config, blocks));
    }

    /** @see Kernel#process */
    public AgentProcess process(AgentKey agent) {
        return await(kernel.process(agent));
    }

    /** @see Kernel#reconfigure */
    public AgentProcess reconfigure(AgentKey agent, AgentConfig config) {
        return await(kernel.reconfigure(agent, config));
    }

    /** @see Kernel#deliver */
    public String deliver(AgentKey agent, Interrupt interrupt) {
        return await(kernel.deliver(agent, interrupt));
    }

    /** @see Kernel#send */
    public Reply send(AgentKey agent, String text) {
        return await(kernel.send(agent, text));
    }

    /** @see Kernel#send(AgentKey, Interrupt.UserMessage) */
    public Reply send(AgentKey agent, Interrupt.UserMessage message) {
        return await(kernel.send(agent, message));
    }

    /** @see Kernel#queued */
    public Boolean queued(AgentKey agent, String interruptId) {
        return await(kernel.queued(agent, interruptId));
    }

    /** @see Kernel#inspect */
    public ContextWindow inspect(AgentKey agent) {
        return await(kernel.inspect(agent));
    }

    /** @see Kernel#cancel */
    public Boolean cancel(AgentKey agent) {
        return await(kernel.cancel(agent));
    }

    /** @see Kernel#start */
    public Void start() {
        return await(kernel.start());
    }

    private <T> T await(Uni<T> uni) {
        return uni.await().atMost(timeout);
    }
}
