package dev.mnemos.agents;

import dev.mnemos.kernel.process.AgentConfig;
import dev.mnemos.kernel.process.AgentProcess;
import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.structured.MemorySchema;
import java.util.List;

/**
 * Creates an agent of a type named as the CLI names it: {@code chat}, {@code document} or
 * {@code long-input}, each with its defaults (the default persona; no document yet; the
 * {@code log} schema).
 */
public final class AgentTypes {

    /** The type names, in the order the CLI lists them. */
    public static final List<String> NAMES = List.of(ChatAgent.TYPE, DocumentAgent.TYPE, LongInputAgent.TYPE);
    /** What a long-input agent created by name keeps track of. */
    public static final String DEFAULT_TASK = "what happened in the input, in order, with every error and warning.";

    private AgentTypes() {}

    /**
     * Spawns an agent of the named type with its defaults and produces its process.
     *
     * @throws IllegalArgumentException for an unknown type, naming the known ones
     * @throws dev.mnemos.memory.MemoryException when an agent of that key exists
     */
    public static AgentProcess create(AgentRuntime runtime, String type, AgentKey key, String name) {
        return switch (type) {
            case ChatAgent.TYPE -> new ChatAgent(runtime).spawn(key, name);
            case DocumentAgent.TYPE -> new DocumentAgent(runtime).spawn(key, name, AgentConfig.DEFAULT);
            case LongInputAgent.TYPE -> new LongInputAgent(runtime).spawn(key, name, MemorySchema.builtIn("log"), DEFAULT_TASK, AgentConfig.DEFAULT);
            default -> throw new IllegalArgumentException("no agent type '" + type + "'; the types are " + String.join(", ", NAMES));
        };
    }
}
