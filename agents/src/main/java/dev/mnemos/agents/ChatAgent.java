package dev.mnemos.agents;

import dev.mnemos.agents.syscall.MemoryWalk;
import dev.mnemos.kernel.context.ContextRenderer;
import dev.mnemos.kernel.context.Prompts;
import dev.mnemos.kernel.process.AgentConfig;
import dev.mnemos.kernel.process.AgentProcess;
import dev.mnemos.kernel.syscall.Syscall;
import dev.mnemos.kernel.syscall.memgpt.MemGptSyscalls;
import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.core.Block;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A MemGPT chat agent: a persona and a human block, the memory syscalls (core memory, recall,
 * archival, {@code memory_walk}) and the tools its allow-list grants, with a system prompt that
 * teaches it to keep what matters in core memory and to search before it guesses.
 */
public record ChatAgent(AgentRuntime runtime) {

    public static final String TYPE = "chat";
    /** The characters each of the two blocks may hold. */
    public static final int BLOCK_LIMIT = 2000;

    public ChatAgent {
        Objects.requireNonNull(runtime, "runtime");
    }

    /** The default persona: {@code prompts/persona.txt}. */
    public static String defaultPersona() {
        return AgentPrompts.resource("persona.txt");
    }

    /**
     * Spawns a chat agent with these blocks and produces its process.
     *
     * @throws dev.mnemos.memory.MemoryException when an agent of that key exists
     */
    public AgentProcess spawn(AgentKey key, String name, String persona, String human, AgentConfig base) {
        List<Block> blocks = List.of(
                new Block("persona", persona, BLOCK_LIMIT, false, "who you are: your name, manner and values", 0),
                new Block("human", human, BLOCK_LIMIT, false, "what you know about the person you talk to", 0));
        return runtime.kernel().blocking(AgentRuntime.TIMEOUT).spawn(key, name, TYPE, config(key, base), blocks);
    }

    /** {@link #spawn(AgentKey, String, String, String, AgentConfig)} with the default persona, an empty human block and the default configuration. */
    public AgentProcess spawn(AgentKey key, String name) {
        return spawn(key, name, defaultPersona(), "", AgentConfig.DEFAULT);
    }

    /**
     * {@code base} with the chat prompt and the chat tool table; the compact prompt ({@code chat-compact.txt})
     * when the kernel gives {@code base} a small window, as with a local model of a 2,048-token context.
     */
    AgentConfig config(AgentKey key, AgentConfig base) {
        List<String> tools = new ArrayList<>(memgptNames());
        tools.add(MemoryWalk.NAME);
        runtime.tools().specificationsFor(key).forEach(s -> tools.add(s.name()));
        String system = ContextRenderer.compact(runtime.kernel().windowTokens(base))
                ? AgentPrompts.compactSystem("chat-compact.txt", Map.of())
                : AgentPrompts.system("chat.txt", Map.of());
        return AgentPrompts.config(base, system, tools);
    }

    /** The names of the kernel's MemGPT syscalls, in the kernel's order. */
    static List<String> memgptNames() {
        return MemGptSyscalls.all(Prompts.standard()).stream().map(Syscall::name).toList();
    }
}
