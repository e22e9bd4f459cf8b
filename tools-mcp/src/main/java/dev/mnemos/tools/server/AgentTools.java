package dev.mnemos.tools.server;

import dev.mnemos.kernel.Kernel;
import dev.mnemos.kernel.Reply;
import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.MemoryStore;
import dev.mnemos.memory.archival.ArchivalMemory;
import dev.mnemos.memory.archival.ArchivalQuery;
import dev.mnemos.memory.archival.ScoredPassage;
import dev.mnemos.memory.core.Block;
import dev.mnemos.memory.core.BlockEdit;
import dev.mnemos.memory.recall.Message;
import dev.mnemos.memory.recall.RecallQuery;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What the MCP server does for each of its tools, on one agent, as plain methods: the server maps
 * MCP calls onto them, and their texts are what the connected assistant reads. A refused request
 * throws {@link IllegalArgumentException} or a {@link dev.mnemos.memory.MemoryException} with a
 * message for that assistant.
 */
final class AgentTools {

    private final Kernel kernel;
    private final MemoryStore store;
    private final ArchivalMemory archival;
    private final AgentKey agent;
    private final Duration timeout;

    /** @param archival archival memory in the kernel's embedding space, or null: then the archival tools say there is none */
    AgentTools(Kernel kernel, MemoryStore store, ArchivalMemory archival, AgentKey agent, Duration timeout) {
        this.kernel = Objects.requireNonNull(kernel, "kernel");
        this.store = Objects.requireNonNull(store, "store");
        this.archival = archival;
        this.agent = Objects.requireNonNull(agent, "agent");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    String sendMessage(String message) {
        Reply reply = kernel.blocking(timeout).send(agent, message);
        String said = reply.messages().isEmpty() ? "(the agent chose to say nothing)" : String.join("\n\n", reply.messages());
        return switch (reply.status()) {
            case ANSWERED -> said;
            case CANCELLED -> "(the agent's step was cancelled) " + said;
            case FAILED -> throw new IllegalStateException("the agent's step failed; the message is recorded");
        };
    }

    String readCoreMemory() {
        List<Block> blocks = store.blocks().blocks(agent).await().atMost(timeout);
        if (blocks.isEmpty()) {
            return "The agent has no core memory blocks.";
        }
        return blocks.stream()
                .map(b -> "[" + b.label() + "] (" + b.value().length() + "/" + b.limit() + " characters" + (b.readOnly() ? ", read-only" : "") + ")\n" + b.value())
                .collect(Collectors.joining("\n\n"));
    }

    /**
     * Edits a block in the store, then has the kernel read the agent again (a reconfiguration to the
     * same configuration), so that its next step sees the edit instead of its cached copy.
     */
    String editCoreMemory(String label, String mode, String text, String oldText) {
        BlockEdit edit = switch (mode) {
            case "append" -> new BlockEdit.Append(text);
            case "replace" -> {
                if (oldText == null || oldText.isEmpty()) {
                    throw new IllegalArgumentException("mode 'replace' needs 'old_text'");
                }
                yield new BlockEdit.Replace(oldText, text);
            }
            case "rewrite" -> new BlockEdit.Rethink(text);
            default -> throw new IllegalArgumentException("mode must be append, replace or rewrite, got '" + mode + "'");
        };
        Block edited = store.blocks().edit(agent, label, edit).await().atMost(timeout);
        var blocking = kernel.blocking(timeout);
        blocking.reconfigure(agent, blocking.process(agent).config());
        return "Block '" + label + "' is now (" + edited.value().length() + "/" + edited.limit() + " characters):\n" + edited.value();
    }

    String searchRecall(String query, int limit) {
        List<Message> found = store.recall().search(agent, RecallQuery.text(query, clamp(limit, 10, 100))).await().atMost(timeout).messages();
        if (found.isEmpty()) {
            return "No message matches '" + query + "'.";
        }
        return found.stream()
                .map(m -> m.createdAt() + " " + m.role().name().toLowerCase(Locale.ROOT) + ": " + m.content())
                .collect(Collectors.joining("\n"));
    }

    String searchArchival(String query, int limit) {
        List<ScoredPassage> found = requireArchival().search(agent, query, ArchivalQuery.top(clamp(limit, 5, 100))).await().atMost(timeout);
        if (found.isEmpty()) {
            return "No passage matches '" + query + "'.";
        }
        return found.stream()
                .map(p -> String.format(Locale.ROOT, "(%.3f) %s", p.score(), p.passage().text()))
                .collect(Collectors.joining("\n"));
    }

    String insertPassage(String text, String tags) {
        Set<String> labels = tags == null || tags.isBlank() ? Set.of()
                : Arrays.stream(tags.split(",")).map(String::strip).filter(t -> !t.isEmpty()).collect(Collectors.toSet());
        var stored = requireArchival().insert(agent, List.of(text), labels).await().atMost(timeout);
        return "Kept passage " + stored.getFirst().id() + (labels.isEmpty() ? "" : " with tags " + labels.stream().sorted().toList()) + ".";
    }

    private ArchivalMemory requireArchival() {
        if (archival == null) {
            throw new IllegalStateException("this agent has no archival memory here: the server was started without an embedding model");
        }
        return archival;
    }

    private static int clamp(int value, int fallback, int max) {
        return value <= 0 ? fallback : Math.min(value, max);
    }

    /** The arguments of one call, as MCP hands them over. */
    record Arguments(Map<String, Object> values) {

        Arguments {
            values = values == null ? Map.of() : values;
        }

        String string(String name) {
            Object value = values.get(name);
            if (value == null || value.toString().isEmpty()) {
                throw new IllegalArgumentException("'" + name + "' is required");
            }
            return value.toString();
        }

        String optional(String name) {
            Object value = values.get(name);
            return value == null ? null : value.toString();
        }

        int integer(String name) {
            Object value = values.get(name);
            if (value instanceof Number n) {
                return n.intValue();
            }
            try {
                return value == null ? 0 : Integer.parseInt(value.toString());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + name + "' must be a whole number, got '" + value + "'");
            }
        }
    }
}
