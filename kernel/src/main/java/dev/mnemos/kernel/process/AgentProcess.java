package dev.mnemos.kernel.process;

import dev.mnemos.kernel.context.ContextMessage;
import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.core.Block;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An agent process as the last committed step left it: its identity, status, configuration and
 * main context (core memory blocks, recursive summary, FIFO message queue), with the statistics of
 * the slower tiers. Values are immutable: a step produces the next process from this one, and the
 * kernel swaps it in after the step's commit.
 *
 * @param version the agent record's version this state was read at (each commit adds one)
 */
public record AgentProcess(
        AgentKey key,
        String name,
        String type,
        AgentConfig config,
        ProcessStatus status,
        List<Block> blocks,
        String summary,
        List<ContextMessage> messages,
        MemoryStatistics statistics,
        long version) {

    public AgentProcess {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(status, "status");
        blocks = List.copyOf(blocks);
        summary = summary == null ? "" : summary;
        messages = List.copyOf(messages);
        statistics = statistics == null ? MemoryStatistics.EMPTY : statistics;
    }

    /** The core memory block of that label, if the agent has one. */
    public Optional<Block> block(String label) {
        return blocks.stream().filter(b -> b.label().equals(label)).findFirst();
    }

    public AgentProcess withStatus(ProcessStatus newStatus) {
        return new AgentProcess(key, name, type, config, newStatus, blocks, summary, messages, statistics, version);
    }
}
