package dev.mnemos.agents.file;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mnemos.kernel.process.AgentConfig;
import dev.mnemos.memory.InvalidContentException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Reads a Letta agent file ({@code .af}, as written by Letta's export and collected in
 * letta-ai/agent-file) into an {@link AgentFile}, so that {@link AgentImport} can bring the agent
 * over. The first agent of {@code "agents"} is taken, with its blocks ({@code block_ids} into the
 * top-level {@code "blocks"}), its messages and {@code in_context_message_ids}, its system prompt,
 * its {@code llm_config} (context window, model, temperature, max tokens) and its tools.
 *
 * <p>Letta's system message (the rendered prompt with core memory) is not a message here: the
 * kernel renders the window itself. Tools keep only the names that {@code knownTools} accepts (the
 * syscalls of the importing kernel); their Python source cannot run here.
 */
public final class LettaAgentFile {

    private static final ObjectMapper JSON = new ObjectMapper();

    private LettaAgentFile() {}

    /**
     * Reads Letta's JSON.
     *
     * @param organization the organisation the agent will belong to
     * @param knownTools which of the agent's tool names the importing kernel has
     * @throws InvalidContentException when the text is not a Letta agent file
     */
    public static AgentFile read(String json, String organization, Predicate<String> knownTools) {
        JsonNode root;
        try {
            root = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidContentException("a Letta agent file must be JSON: " + e.getOriginalMessage());
        }
        JsonNode agents = root == null ? null : root.get("agents");
        if (agents == null || !agents.isArray() || agents.isEmpty()) {
            throw new InvalidContentException("not a Letta agent file: there is no \"agents\" array");
        }
        JsonNode agent = agents.get(0);
        Map<String, JsonNode> blocks = byId(root.path("blocks"));
        Map<String, JsonNode> tools = byId(root.path("tools"));

        List<AgentFile.BlockEntry> blockEntries = new ArrayList<>();
        for (JsonNode id : agent.path("block_ids")) {
            JsonNode b = blocks.get(id.asText());
            if (b != null) {
                blockEntries.add(new AgentFile.BlockEntry(b.path("label").asText(), b.path("value").asText(""),
                        b.path("limit").asInt(5000), b.path("read_only").asBoolean(false), b.path("description").asText("")));
            }
        }
        blockEntries.sort((x, y) -> x.label().compareTo(y.label()));

        List<AgentFile.ToolEntry> toolEntries = new ArrayList<>();
        List<String> toolNames = new ArrayList<>();
        for (JsonNode id : agent.path("tool_ids")) {
            JsonNode t = tools.get(id.asText());
            if (t != null && knownTools.test(t.path("name").asText())) {
                toolNames.add(t.path("name").asText());
                JsonNode schema = t.path("json_schema");
                toolEntries.add(new AgentFile.ToolEntry(t.path("name").asText(), schema.path("description").asText(t.path("description").asText("")),
                        schema.path("parameters")));
            }
        }

        Set<String> systemIds = new HashSet<>();
        List<AgentFile.MessageEntry> messages = new ArrayList<>();
        for (JsonNode m : agent.path("messages")) {
            String role = m.path("role").asText();
            if (role.equals("system")) {
                systemIds.add(m.path("id").asText());
                continue;
            }
            List<AgentFile.ToolCallEntry> calls = new ArrayList<>();
            for (JsonNode c : m.path("tool_calls")) {
                calls.add(new AgentFile.ToolCallEntry(c.path("id").asText(), c.path("function").path("name").asText(),
                        c.path("function").path("arguments").asText("")));
            }
            String toolName = role.equals("tool") ? nullIfBlank(m.path("name").asText(null)) : null;
            messages.add(new AgentFile.MessageEntry(m.path("id").asText(), role, text(m.path("content")), calls,
                    nullIfBlank(m.path("tool_call_id").asText(null)), toolName, instant(m.path("created_at")).toString(), ""));
        }
        List<String> context = new ArrayList<>();
        for (JsonNode id : agent.path("in_context_message_ids")) {
            if (!systemIds.contains(id.asText())) {
                context.add(id.asText());
            }
        }

        JsonNode llm = agent.path("llm_config");
        AgentConfig base = AgentConfig.DEFAULT;
        var config = new AgentConfig(nullIfBlank(agent.path("system").asText(null)),
                Math.max(256, llm.path("context_window").asInt(base.contextWindowTokens())),
                nullIfBlank(llm.path("model").asText(null)),
                llm.path("temperature").isNumber() ? llm.path("temperature").asDouble() : null,
                llm.path("max_tokens").isInt() ? llm.path("max_tokens").asInt() : null,
                base.pager(), base.maxStepsPerInterrupt(), toolNames);
        String created = messages.isEmpty() ? Instant.EPOCH.toString() : messages.getFirst().createdAt();
        var entry = new AgentFile.Agent(organization, slug(agent.path("name").asText("letta-agent")), agent.path("name").asText("letta-agent"),
                "chat", agent.has("created_at") ? instant(agent.get("created_at")).toString() : created, "sleeping",
                JSON.valueToTree(config), "", context);
        return new AgentFile(AgentFile.VERSION, entry, blockEntries, messages, toolEntries, null, List.of(), List.of());
    }

    private static Map<String, JsonNode> byId(JsonNode array) {
        Map<String, JsonNode> out = new HashMap<>();
        for (JsonNode node : array) {
            out.put(node.path("id").asText(), node);
        }
        return out;
    }

    /** Letta's content is a string or a list of parts; the text parts, joined. */
    private static String text(JsonNode content) {
        if (content.isTextual()) {
            return content.asText();
        }
        List<String> parts = new ArrayList<>();
        for (JsonNode part : content) {
            if (part.path("type").asText("text").equals("text")) {
                parts.add(part.path("text").asText(""));
            }
        }
        return String.join("\n", parts);
    }

    private static Instant instant(JsonNode value) {
        if (value == null || !value.isTextual()) {
            return Instant.EPOCH;
        }
        String text = value.asText();
        return OffsetDateTime.parse(text.endsWith("Z") || text.matches(".*[+-]\\d\\d:\\d\\d$") ? text : text + "Z").toInstant();
    }

    private static String slug(String name) {
        String s = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]+", "-").replaceAll("^[^a-z0-9]+", "");
        return s.isEmpty() ? "letta-agent" : s;
    }

    private static String nullIfBlank(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
