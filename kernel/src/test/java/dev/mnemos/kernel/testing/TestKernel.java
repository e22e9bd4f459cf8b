package dev.mnemos.kernel.testing;

import dev.mnemos.kernel.BlockingKernel;
import dev.mnemos.kernel.Kernel;
import dev.mnemos.kernel.KernelBuilder;
import dev.mnemos.kernel.process.AgentConfig;
import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.core.Block;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

/** A started kernel over an {@link InMemoryStore} and a {@link ScriptedChatModel}, with one agent spawned. */
public record TestKernel(Kernel kernel, InMemoryStore store, ScriptedChatModel model, AgentKey agent) implements AutoCloseable {

    public static final Duration TIMEOUT = Duration.ofSeconds(20);

    /** The agent's blocks: a persona and a human block of 200 characters. */
    public static List<Block> blocks() {
        return List.of(new Block("human", "", 200, false, "what you know about the user", 0),
                new Block("persona", "I am Sam, a helpful assistant.", 200, false, "who you are", 0));
    }

    public static TestKernel start(ScriptedChatModel model, AgentConfig config) {
        return start(model, config, b -> b);
    }

    public static TestKernel start(ScriptedChatModel model, AgentConfig config, UnaryOperator<KernelBuilder> customize) {
        var store = new InMemoryStore();
        Kernel kernel = customize.apply(Kernel.builder().store(store).chatModel(model).sweepInterval(Duration.ofMillis(100))).build();
        var agent = new AgentKey("acme", "sam");
        kernel.blocking(TIMEOUT).start();
        kernel.blocking(TIMEOUT).spawn(agent, "Sam", "chat", config, blocks());
        return new TestKernel(kernel, store, model, agent);
    }

    public BlockingKernel blocking() {
        return kernel.blocking(TIMEOUT);
    }

    @Override
    public void close() {
        kernel.close();
    }
}
