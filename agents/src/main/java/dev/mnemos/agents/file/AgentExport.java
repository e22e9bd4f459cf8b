package dev.mnemos.agents.file;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.InvalidContentException;
import dev.mnemos.memory.MemoryStore;
import dev.mnemos.memory.NoSuchAgentException;
import dev.mnemos.memory.agent.AgentRecord;
import dev.mnemos.memory.archival.OwnedPassage;
import dev.mnemos.memory.archival.Passage;
import dev.mnemos.memory.recall.Message;
import dev.mnemos.memory.recall.RecallQuery;
import dev.mnemos.memory.structured.StructuredMemory;
import dev.mnemos.memory.tree.SummaryTree;
import dev.mnemos.tools.ToolSchema;
import io.smallrye.mutiny.Uni;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads one agent out of a store into an {@link AgentFile}: its record, blocks, every message,
 * every archival passage with its vector, its summary trees and structured memories. Queued
 * interrupts and the cost records of trees are not part of an agent file.
 */
public final class AgentExport {

    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    private static final int PAGE = 1000;

    private final MemoryStore store;

    public AgentExport(MemoryStore store) {
        this.store = store;
    }

    /**
     * Produces the agent's file; {@code tools} are the tool specifications its window offers
     * (from {@code Kernel.inspect}).
     *
     * @throws NoSuchAgentException for an unknown agent
     */
    public AgentFile export(AgentKey key, List<ToolSpecification> tools) {
        AgentRecord record = await(store.agents().get(key)).orElseThrow(() -> new NoSuchAgentException("there is no agent " + key));
        var agent = new AgentFile.Agent(key.organization(), key.agent(), record.name(), record.type(), record.createdAt().toString(),
                record.state().status(), tree(record.config()), record.state().summary(), record.state().contextMessageIds());
        var blocks = await(store.blocks().blocks(key)).stream()
                .map(b -> new AgentFile.BlockEntry(b.label(), b.value(), b.limit(), b.readOnly(), b.description())).toList();
        var toolEntries = tools.stream().map(t -> new AgentFile.ToolEntry(t.name(), t.description(),
                AgentFiles.JSON.valueToTree(ToolSchema.from(t.parameters()).json()))).toList();
        return new AgentFile(AgentFile.VERSION, agent, blocks, messages(key), toolEntries, archival(key), trees(key), structured(key));
    }

    private List<AgentFile.MessageEntry> messages(AgentKey key) {
        List<AgentFile.MessageEntry> out = new ArrayList<>();
        for (int offset = 0; ; offset += PAGE) {
            List<Message> page = await(store.recall().search(key,
                    new RecallQuery(null, null, null, Set.of(), RecallQuery.Order.OLDEST_FIRST, offset, PAGE))).messages();
            for (Message m : page) {
                out.add(new AgentFile.MessageEntry(m.id(), m.role().name().toLowerCase(Locale.ROOT), m.content(),
                        m.toolCalls().stream().map(c -> new AgentFile.ToolCallEntry(c.id(), c.name(), c.arguments())).toList(),
                        m.toolCallId(), m.toolName(), m.createdAt().toString(), m.stepId()));
            }
            if (page.size() < PAGE) {
                return out;
            }
        }
    }

    private AgentFile.Archival archival(AgentKey key) {
        var space = await(store.archival().space());
        if (space.isEmpty() || await(store.archival().count(key)) == 0) {
            return null;
        }
        List<AgentFile.PassageEntry> passages = new ArrayList<>();
        OwnedPassage after = null;
        for (List<OwnedPassage> page = await(store.archival().scan(null, PAGE)); !page.isEmpty();
             page = await(store.archival().scan(after, PAGE))) {
            for (OwnedPassage owned : page) {
                if (owned.agent().equals(key)) {
                    Passage p = owned.passage();
                    passages.add(new AgentFile.PassageEntry(p.id(), p.text(), p.tags().stream().sorted().toList(), p.metadata(),
                            p.createdAt().toString(), encode(p.embedding())));
                }
            }
            after = page.getLast();
        }
        return new AgentFile.Archival(space.get().model(), space.get().dimension(), passages);
    }

    private List<AgentFile.TreeEntry> trees(AgentKey key) {
        List<AgentFile.TreeEntry> out = new ArrayList<>();
        for (String id : await(store.summaryTrees().list(key))) {
            SummaryTree tree = await(store.summaryTrees().load(key, id)).orElseThrow();
            out.add(new AgentFile.TreeEntry(id, tree.shape().segmentTokens(), tree.shape().fanOut(), tree.watermark(),
                    tree.nodes().stream().map(n -> new AgentFile.NodeEntry(n.level(), n.position(), n.tokens(), n.text(), n.summary())).toList()));
        }
        return out;
    }

    private List<AgentFile.StructuredEntry> structured(AgentKey key) {
        List<AgentFile.StructuredEntry> out = new ArrayList<>();
        for (String name : await(store.structuredMemories().list(key))) {
            StructuredMemory m = await(store.structuredMemories().load(key, name)).orElseThrow();
            out.add(new AgentFile.StructuredEntry(name, m.version(), m.schema().name(), tree(m.schema().json()), m.document()));
        }
        return out;
    }

    static String encode(float[] vector) {
        ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float x : vector) {
            bytes.putFloat(x);
        }
        return Base64.getEncoder().encodeToString(bytes.array());
    }

    private static JsonNode tree(String json) {
        try {
            return AgentFiles.JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidContentException("stored JSON is malformed: " + e.getOriginalMessage());
        }
    }

    private static <T> T await(Uni<T> uni) {
        return uni.await().atMost(TIMEOUT);
    }
}
