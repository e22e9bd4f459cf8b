package dev.mnemos.cli.serve;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.mnemos.memory.agent.AgentRecord;
import dev.mnemos.memory.archival.ScoredPassage;
import dev.mnemos.memory.core.Block;
import dev.mnemos.memory.recall.Message;
import dev.mnemos.tools.ToolSchema;
import dev.mnemos.tools.mcp.McpToolNames;
import java.util.List;
import java.util.Map;

/** The JSON bodies of mnemos' own routes ({@code /api}). */
public final class Bodies {

    private Bodies() {}

    /** A new agent; only {@code name} is needed (type {@code chat}, the default persona, an empty human block). */
    public record CreateAgent(String id, String name, String type, String persona, String human) {}

    public record Agent(String id, String name, String type, String state, String createdAt, String updatedAt) {
        static Agent of(AgentRecord r) {
            return new Agent(r.key().agent(), r.name(), r.type(), r.state().status(), r.createdAt().toString(), r.updatedAt().toString());
        }
    }

    public record BlockBody(String label, String value, int limit, boolean readOnly, String description, long version) {
        static BlockBody of(Block b) {
            return new BlockBody(b.label(), b.value(), b.limit(), b.readOnly(), b.description(), b.version());
        }
    }

    /** An edit: {@code value} rewrites the block, {@code append} adds a line, {@code oldText}/{@code newText} replace. */
    public record EditBlock(String value, String append, String oldText, String newText) {}

    /** {@code id}: the caller's id of the message (optional), so that a message sent again is stored and answered once. */
    public record SendMessage(String text, String id) {}

    /** What one message produced: the agent's messages for the user, how the chain ended, and every step event. */
    public record Sent(String interruptId, String status, List<String> messages, List<StepEventBody> steps) {}

    public record RecallHit(String id, String role, String content, String createdAt, long sequence) {
        static RecallHit of(Message m) {
            return new RecallHit(m.id(), m.role().name().toLowerCase(), m.content(), m.createdAt().toString(), m.sequence());
        }
    }

    public record RecallResults(List<RecallHit> messages, long total) {}

    public record InsertPassages(List<String> texts, List<String> tags) {}

    public record PassageBody(String id, String text, List<String> tags, String createdAt, Double score) {
        static PassageBody of(ScoredPassage s) {
            var p = s.passage();
            return new PassageBody(p.id(), p.text(), List.copyOf(p.tags()), p.createdAt().toString(), s.score());
        }
    }

    /** A tool the agent may call; {@code server} names the MCP server it comes from, null for mnemos' own. */
    public record ToolBody(String name, String description, Map<String, Object> parameters, String server) {
        public static ToolBody of(ToolSpecification spec) {
            int separator = spec.name().indexOf(McpToolNames.SEPARATOR);
            return new ToolBody(spec.name(), spec.description(), ToolSchema.from(spec.parameters()).json(),
                    separator > 0 ? spec.name().substring(0, separator) : null);
        }
    }
}
