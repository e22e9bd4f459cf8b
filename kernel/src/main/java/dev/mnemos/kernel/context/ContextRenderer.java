package dev.mnemos.kernel.context;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.model.TokenCountEstimator;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.mnemos.kernel.process.AgentProcess;
import dev.mnemos.kernel.process.MemoryStatistics;
import dev.mnemos.memory.core.Block;
import dev.mnemos.memory.recall.Message;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Lays out the main context (DESIGN.md, step 3): one system message with the system prompt, the
 * core memory blocks rendered with their usage and limits, the memory statistics and the recursive
 * summary; then the FIFO message queue. Counts every section with the model's
 * {@link TokenCountEstimator}. Thread-safe.
 */
public final class ContextRenderer {

    private final TokenCountEstimator estimator;
    private final Prompts prompts;
    /** Tool tables are few and fixed, so their cost is counted once per table. */
    private final Map<List<ToolSpecification>, Integer> toolTokens = new ConcurrentHashMap<>();

    public ContextRenderer(TokenCountEstimator estimator, Prompts prompts) {
        this.estimator = Objects.requireNonNull(estimator, "estimator");
        this.prompts = Objects.requireNonNull(prompts, "prompts");
    }

    /** Produces the window the LLM sees for {@code process} with {@code tools}, at {@code now}. */
    public ContextWindow render(AgentProcess process, List<ToolSpecification> tools, Instant now) {
        String system = process.config().systemPrompt() == null ? prompts.systemPrompt() : process.config().systemPrompt();
        String core = coreMemory(process.blocks());
        String statistics = statistics(process.statistics(), now);
        String summary = process.summary().isEmpty() ? "" : prompts.text("summary", Map.of("summary", process.summary()));
        StringBuilder head = new StringBuilder(system.length() + core.length() + statistics.length() + summary.length() + 8)
                .append(system).append("\n\n").append(core).append("\n\n").append(statistics);
        if (!summary.isEmpty()) {
            head.append("\n\n").append(summary);
        }
        List<ChatMessage> messages = new ArrayList<>(process.messages().size() + 1);
        messages.add(SystemMessage.from(head.toString()));
        int queue = 0;
        for (ContextMessage m : process.messages()) {
            messages.add(m.chat());
            queue += m.tokens();
        }
        var tokens = new TokenBreakdown(
                estimator.estimateTokenCountInText(system),
                estimator.estimateTokenCountInText(core),
                estimator.estimateTokenCountInText(statistics),
                estimator.estimateTokenCountInText(summary),
                queue,
                toolTokens(tools),
                process.config().contextWindowTokens());
        return new ContextWindow(messages, tools, tokens);
    }

    /** Produces the queue entry for a message of recall: its LLM form and its token cost. */
    public ContextMessage queued(Message message) {
        ChatMessage chat = ChatMessages.of(message);
        return new ContextMessage(message, chat, estimator.estimateTokenCountInMessage(chat));
    }

    /** The tokens of a text, as the model counts them. */
    public int tokens(String text) {
        return estimator.estimateTokenCountInText(text);
    }

    private String coreMemory(List<Block> blocks) {
        StringBuilder out = new StringBuilder(prompts.text("core_memory.header"));
        for (Block block : blocks) {
            String description = block.description().isEmpty() ? ""
                    : prompts.text("core_memory.block.description", Map.of("description", block.description()));
            out.append('\n').append(prompts.text("core_memory.block", Map.of(
                    "label", block.label(),
                    "used", block.value().length(),
                    "limit", block.limit(),
                    "readonly", block.readOnly() ? prompts.text("core_memory.block.readonly") : "",
                    "description", description,
                    "value", block.value())));
        }
        return out.toString();
    }

    private String statistics(MemoryStatistics s, Instant now) {
        String never = prompts.text("statistics.never");
        return prompts.text("statistics", Map.of(
                "recall", s.recallMessages(),
                "archival", s.archivalPassages(),
                "recallLastWrite", s.recallLastWrite() == null ? never : s.recallLastWrite().truncatedTo(ChronoUnit.SECONDS),
                "archivalLastWrite", s.archivalLastWrite() == null ? never : s.archivalLastWrite().truncatedTo(ChronoUnit.SECONDS),
                "now", now.truncatedTo(ChronoUnit.SECONDS)));
    }

    private int toolTokens(List<ToolSpecification> tools) {
        return toolTokens.computeIfAbsent(List.copyOf(tools), table -> {
            int tokens = 0;
            for (ToolSpecification tool : table) {
                tokens += estimator.estimateTokenCountInText(describe(tool));
            }
            return tokens;
        });
    }

    /** The JSON-like text a provider sends for a tool: its name, description and parameters. */
    private static String describe(ToolSpecification tool) {
        StringBuilder out = new StringBuilder().append(tool.name()).append(": ").append(tool.description());
        JsonObjectSchema parameters = tool.parameters();
        if (parameters != null) {
            for (Map.Entry<String, JsonSchemaElement> p : parameters.properties().entrySet()) {
                out.append("\n  ").append(p.getKey()).append(' ').append(p.getValue());
            }
        }
        return out.toString();
    }
}
