package dev.mnemos.memory.redis;

import dev.mnemos.memory.AgentKey;

/**
 * An entry of an interrupt stream: "the agent has an interrupt queued". The interrupt itself is in
 * the {@link dev.mnemos.memory.agent.InterruptStore}, written before the entry was added.
 *
 * @param stream the stream's key
 * @param entryId the entry's id in the stream, which {@link RedisInterruptStream#acknowledge} takes
 * @param agent the agent to run
 * @param interruptId the interrupt that was queued
 */
public record Wakeup(String stream, String entryId, AgentKey agent, String interruptId) {}
