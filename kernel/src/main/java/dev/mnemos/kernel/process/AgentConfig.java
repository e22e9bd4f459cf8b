package dev.mnemos.kernel.process;

import dev.mnemos.kernel.pager.PagerThresholds;
import java.util.List;

/**
 * How an agent process runs: its model settings, its pager, its step limit and its tool table.
 * Kept as JSON in the agent's record, so that a restarted kernel runs it the same way.
 *
 * @param systemPrompt the system prompt, or null for the kernel's own ({@code prompts/system.txt})
 * @param contextWindowTokens the size of the main context, in the model's tokens
 * @param modelName passed to the model in each request, or null for the model's default
 * @param temperature passed to the model, or null for its default
 * @param maxOutputTokens passed to the model, or null for its default
 * @param pager the pager's thresholds
 * @param maxStepsPerInterrupt how many steps one interrupt and its heartbeats may run
 * @param tools the names of the syscalls the agent may call; empty means every registered one
 */
public record AgentConfig(
        String systemPrompt,
        int contextWindowTokens,
        String modelName,
        Double temperature,
        Integer maxOutputTokens,
        PagerThresholds pager,
        int maxStepsPerInterrupt,
        List<String> tools) {

    public static final AgentConfig DEFAULT = new AgentConfig(null, 8192, null, null, null, PagerThresholds.DEFAULT, 10, List.of());

    public AgentConfig {
        pager = pager == null ? PagerThresholds.DEFAULT : pager;
        tools = tools == null ? List.of() : List.copyOf(tools);
        if (contextWindowTokens < 256) {
            throw new IllegalArgumentException("a context window needs at least 256 tokens, got " + contextWindowTokens);
        }
        if (maxStepsPerInterrupt < 1) {
            throw new IllegalArgumentException("maxStepsPerInterrupt must be at least 1, got " + maxStepsPerInterrupt);
        }
    }

    public AgentConfig withContextWindowTokens(int tokens) {
        return new AgentConfig(systemPrompt, tokens, modelName, temperature, maxOutputTokens, pager, maxStepsPerInterrupt, tools);
    }

    public AgentConfig withPager(PagerThresholds thresholds) {
        return new AgentConfig(systemPrompt, contextWindowTokens, modelName, temperature, maxOutputTokens, thresholds, maxStepsPerInterrupt, tools);
    }

    public AgentConfig withMaxStepsPerInterrupt(int steps) {
        return new AgentConfig(systemPrompt, contextWindowTokens, modelName, temperature, maxOutputTokens, pager, steps, tools);
    }

    public AgentConfig withTools(List<String> names) {
        return new AgentConfig(systemPrompt, contextWindowTokens, modelName, temperature, maxOutputTokens, pager, maxStepsPerInterrupt, names);
    }
}
