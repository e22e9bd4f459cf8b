package dev.mnemos.kernel.context;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.TextContent;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.internal.JsonSchemaElementUtils;
import dev.langchain4j.model.TokenCountEstimator;
import dev.langchain4j.model.chat.request.json.JsonBooleanSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import dev.mnemos.kernel.process.AgentConfig;
import dev.mnemos.kernel.process.AgentProcess;
import dev.mnemos.kernel.process.MemoryStatistics;
import dev.mnemos.memory.core.Block;
import dev.mnemos.memory.recall.Message;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lays out the main context (DESIGN.md, step 3): one system message with the system prompt, the
 * core memory blocks rendered with their usage and limits and the recursive summary; then the FIFO
 * message queue; last a {@code [system]} note with the memory statistics and the current time, carrying the
 * agent's {@link #SESSION_HINT}. What
 * changes every step comes last, so that consecutive steps' prompts share everything up to the newly
 * queued messages, and a local model's KV session prefills only those (a core memory edit or a new
 * summary changes the prefix, as it must). Counts every section with the model's
 * {@link TokenCountEstimator}. With a {@link ModelContext} the window's total is the exact prompt the
 * model renders and its limit stays inside the model's context; without one, tools are counted as the
 * JSON a provider sends and an allowance covers what the estimate may miss. A small window ({@link #compact(int)})
 * gets the kernel's compact system prompt (an agent's own prompt stays as it is) and each tool's and parameter's
 * description cut to its first sentence; core memory is rendered whole at every size. Thread-safe.
 */
public final class ContextRenderer {

    /** Room kept for the answer inside a model's context when the agent sets no output limit. */
    public static final int ANSWER_TOKENS = 256;
    /**
     * Windows below this many tokens are small: the full system prompt and tool descriptions would take most of
     * a 2,048-token model's window (about 1,500 tokens of system prompt alone with the chat agent's on stories260K).
     */
    public static final int COMPACT_BELOW = 4096;
    /** The end of a first sentence: a full stop and a space, not that of "e.g." or "i.e.". */
    private static final Pattern SENTENCE_END = Pattern.compile("(?<!\\be\\.g|\\bi\\.e)\\.\\s");
    /** The share of the estimated sections kept free for what an estimate misses (templates, code, other scripts). */
    private static final double ESTIMATE_ALLOWANCE = 0.10;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** A two-message prompt, rendered with and without a tool table to measure what the table costs. */
    /**
     * The attribute of the statistics note that names the agent's KV session to a local model (named in the
     * inference core too: the kernel does not import it). Without it, agents that share a system prompt would take
     * turns in one session, each re-prefilling from where their prompts part. LangChain4j sends no message
     * attribute to a provider, so remote models get the same request as without it.
     */
    public static final String SESSION_HINT = "mnemos.session";
    private static final List<ChatMessage> PROBE = List.of(SystemMessage.from("system"), UserMessage.from("user"));

    private final TokenCountEstimator estimator;
    private final Prompts prompts;
    private final ModelContext model;
    /** Tool tables are few and fixed, so their cost is counted once per table. */
    private final Map<List<ToolSpecification>, Integer> toolTokens = new ConcurrentHashMap<>();
    private final Map<List<ToolSpecification>, List<ToolSpecification>> compactTools = new ConcurrentHashMap<>();

    public ContextRenderer(TokenCountEstimator estimator, Prompts prompts) {
        this(estimator, prompts, null);
    }

    /** @param model the model's exact measure of its prompt, or null to estimate */
    public ContextRenderer(TokenCountEstimator estimator, Prompts prompts, ModelContext model) {
        this.estimator = Objects.requireNonNull(estimator, "estimator");
        this.prompts = Objects.requireNonNull(prompts, "prompts");
        this.model = model;
    }

    /** Produces the window the LLM sees for {@code process} with {@code tools}, at {@code now}. */
    public ContextWindow render(AgentProcess process, List<ToolSpecification> tools, Instant now) {
        int limit = limit(process.config());
        boolean compact = compact(limit);
        String system = process.config().systemPrompt() != null ? process.config().systemPrompt()
                : compact ? prompts.compactSystemPrompt() : prompts.systemPrompt();
        List<ToolSpecification> shown = compact ? compactTools(tools) : tools;
        String core = coreMemory(process.blocks());
        String statistics = statistics(process.statistics(), now);
        String summary = process.summary().isEmpty() ? "" : prompts.text("summary", Map.of("summary", process.summary()));
        StringBuilder head = new StringBuilder(system.length() + core.length() + summary.length() + 4)
                .append(system).append("\n\n").append(core);
        if (!summary.isEmpty()) {
            head.append("\n\n").append(summary);
        }
        List<ChatMessage> messages = new ArrayList<>(process.messages().size() + 2);
        messages.add(SystemMessage.from(head.toString()));
        int queue = 0;
        for (ContextMessage m : process.messages()) {
            messages.add(m.chat());
            queue += m.tokens();
        }
        messages.add(UserMessage.builder().addContent(TextContent.from(statistics))
                .attributes(Map.of(SESSION_HINT, process.key().toString())).build());
        int systemTokens = estimator.estimateTokenCountInText(system);
        int coreTokens = estimator.estimateTokenCountInText(core);
        int statisticsTokens = estimator.estimateTokenCountInText(statistics);
        int summaryTokens = estimator.estimateTokenCountInText(summary);
        int toolTokens = toolTokens(shown);
        int sections = systemTokens + coreTokens + statisticsTokens + summaryTokens + queue + toolTokens;
        int framing = model == null
                ? (int) Math.ceil(sections * ESTIMATE_ALLOWANCE)
                : model.promptTokens(messages, shown) - sections;
        var tokens = new TokenBreakdown(systemTokens, coreTokens, statisticsTokens, summaryTokens, queue, toolTokens, framing, limit);
        return new ContextWindow(messages, shown, tokens);
    }

    /** True when a window of {@code windowTokens} is small enough for the compact system prompt and tool descriptions. */
    public static boolean compact(int windowTokens) {
        return windowTokens < COMPACT_BELOW;
    }

    /** The window's size for {@code config}: what it asks for, inside the model's context less the answer's room. */
    public int limit(AgentConfig config) {
        if (model == null) {
            return config.contextWindowTokens();
        }
        int answer = config.maxOutputTokens() == null ? ANSWER_TOKENS : config.maxOutputTokens();
        return Math.max(1, Math.min(config.contextWindowTokens(), model.contextTokens() - answer));
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
        if (tools.isEmpty()) {
            return 0;
        }
        return toolTokens.computeIfAbsent(List.copyOf(tools), table -> {
            if (model != null) {
                return Math.max(0, model.promptTokens(PROBE, table) - model.promptTokens(PROBE, List.of()));
            }
            int tokens = 0;
            for (ToolSpecification tool : table) {
                tokens += estimator.estimateTokenCountInText(describe(tool));
            }
            return tokens;
        });
    }

    /** {@code tools} with every description cut to its first sentence; names, types and required parameters stay. */
    private List<ToolSpecification> compactTools(List<ToolSpecification> tools) {
        if (tools.isEmpty()) {
            return tools;
        }
        return compactTools.computeIfAbsent(List.copyOf(tools), table -> table.stream().map(tool -> {
            var brief = tool.toBuilder().description(firstSentence(tool.description()));
            if (tool.parameters() != null) {
                Map<String, JsonSchemaElement> properties = new LinkedHashMap<>();
                tool.parameters().properties().forEach((name, schema) -> properties.put(name, brief(schema)));
                brief.parameters(tool.parameters().toBuilder().addProperties(properties).build());
            }
            return brief.build();
        }).toList());
    }

    /** A parameter of a scalar type with its description shortened; other schemas (enums, arrays, objects) as they are. */
    private static JsonSchemaElement brief(JsonSchemaElement schema) {
        return switch (schema) {
            case JsonStringSchema s -> JsonStringSchema.builder().description(firstSentence(s.description())).build();
            case JsonBooleanSchema b -> JsonBooleanSchema.builder().description(firstSentence(b.description())).build();
            case JsonIntegerSchema i -> JsonIntegerSchema.builder().description(firstSentence(i.description())).build();
            case JsonNumberSchema n -> JsonNumberSchema.builder().description(firstSentence(n.description())).build();
            default -> schema;
        };
    }

    private static String firstSentence(String text) {
        if (text == null) {
            return null;
        }
        Matcher end = SENTENCE_END.matcher(text);
        return end.find() ? text.substring(0, end.start() + 1) : text;
    }

    /** The JSON a provider sends for a tool (OpenAI's function form): its name, description and parameter schema. */
    private static String describe(ToolSpecification tool) {
        Map<String, Object> function = new LinkedHashMap<>();
        function.put("name", tool.name());
        function.put("description", tool.description() == null ? "" : tool.description());
        JsonObjectSchema parameters = tool.parameters() == null ? JsonObjectSchema.builder().build() : tool.parameters();
        function.put("parameters", JsonSchemaElementUtils.toMap(parameters));
        try {
            return JSON.writeValueAsString(Map.of("type", "function", "function", function));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tool schema that Jackson cannot write: " + tool.name(), e);
        }
    }
}
