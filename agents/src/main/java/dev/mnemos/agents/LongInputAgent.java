package dev.mnemos.agents;

import dev.mnemos.agents.syscall.StructuredMemoryRead;
import dev.mnemos.agents.syscall.StructuredMemoryUpdate;
import dev.mnemos.kernel.process.AgentConfig;
import dev.mnemos.kernel.process.AgentProcess;
import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.structured.MemorySchema;
import dev.mnemos.memory.structured.PrismReader;
import dev.mnemos.memory.structured.PrismRun;
import dev.mnemos.memory.structured.StructuredMemory;
import dev.mnemos.memory.ApproximateTokenCountEstimator;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * A long-input agent (PRISM): a stream of lines (a log, a transcript) is read chunk by chunk into
 * one structured memory under a chosen schema, and the agent answers from that memory with
 * {@code structured_memory_read}, correcting it with {@code structured_memory_update}. A stream can be
 * fed in several parts: each part continues the memory the last one left.
 */
public record LongInputAgent(AgentRuntime runtime) {

    public static final String TYPE = "long-input";
    /** The structured memory the input is read into. */
    public static final String MEMORY = "input";
    /** About how many tokens one chunk of the stream holds. */
    public static final int CHUNK_TOKENS = 1500;
    static final List<String> TOOLS = List.of("send_message", StructuredMemoryRead.NAME, StructuredMemoryUpdate.NAME, "conversation_search");

    public LongInputAgent {
        Objects.requireNonNull(runtime, "runtime");
    }

    /**
     * Spawns the agent with an empty memory under {@code schema}; {@code task} says what to keep
     * track of (it goes into every PRISM prompt and into the system prompt).
     *
     * @throws dev.mnemos.memory.MemoryException when an agent of that key exists
     */
    public AgentProcess spawn(AgentKey key, String name, MemorySchema schema, String task, AgentConfig base) {
        AgentConfig config = AgentPrompts.config(base,
                AgentPrompts.system("long-input.txt", Map.of("task", task, "memory", MEMORY, "schema", schema.name())), TOOLS);
        AgentProcess process = runtime.kernel().blocking(AgentRuntime.TIMEOUT).spawn(key, name, TYPE, config, List.of());
        runtime.store().structuredMemories().save(key, StructuredMemory.fresh(MEMORY, schema)).await().atMost(AgentRuntime.TIMEOUT);
        return process;
    }

    /**
     * Reads {@code lines} into the agent's memory, in chunks of about {@link #CHUNK_TOKENS} tokens,
     * and stores the memory after the run. {@code task} should be the one the agent was spawned with.
     *
     * @throws IllegalStateException when the agent has no memory {@value #MEMORY} (it was not spawned as this type)
     */
    public PrismRun read(AgentKey key, String task, Stream<String> lines) {
        StructuredMemory start = runtime.store().structuredMemories().load(key, MEMORY).await().atMost(AgentRuntime.TIMEOUT)
                .orElseThrow(() -> new IllegalStateException("agent " + key + " has no structured memory '" + MEMORY + "'"));
        var estimator = new ApproximateTokenCountEstimator();
        PrismRun run = new PrismReader(runtime.model(), estimator).read(start, task, chunks(lines.iterator(), estimator));
        runtime.store().structuredMemories().save(key, run.memory()).await().atMost(AgentRuntime.TIMEOUT);
        return run;
    }

    private static List<String> chunks(Iterator<String> lines, ApproximateTokenCountEstimator estimator) {
        List<String> chunks = new ArrayList<>();
        StringBuilder chunk = new StringBuilder();
        int tokens = 0;
        while (lines.hasNext()) {
            String line = lines.next();
            int cost = estimator.estimateTokenCountInText(line) + 1;
            if (tokens > 0 && tokens + cost > CHUNK_TOKENS) {
                chunks.add(chunk.toString());
                chunk.setLength(0);
                tokens = 0;
            }
            chunk.append(line).append('\n');
            tokens += cost;
        }
        if (tokens > 0) {
            chunks.add(chunk.toString());
        }
        return chunks;
    }
}
