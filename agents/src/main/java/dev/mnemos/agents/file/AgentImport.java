package dev.mnemos.agents.file;

import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.InvalidContentException;
import dev.mnemos.memory.MemoryStore;
import dev.mnemos.memory.agent.AgentRecord;
import dev.mnemos.memory.agent.AgentState;
import dev.mnemos.memory.archival.EmbeddingSpace;
import dev.mnemos.memory.archival.Passage;
import dev.mnemos.memory.core.Block;
import dev.mnemos.memory.recall.Message;
import dev.mnemos.memory.recall.Role;
import dev.mnemos.memory.recall.ToolCall;
import dev.mnemos.memory.structured.MemorySchema;
import dev.mnemos.memory.structured.StructuredMemory;
import dev.mnemos.memory.tree.SummaryTree;
import dev.mnemos.memory.tree.TreeNode;
import dev.mnemos.memory.tree.TreeShape;
import io.smallrye.mutiny.Uni;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;

/**
 * Writes an {@link AgentFile} into a store as a new agent: record, blocks, messages (in order),
 * passages with their vectors, summary trees and structured memories. The agent then runs as it
 * ran where it was exported; exported again, it gives the same file.
 */
public final class AgentImport {

    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    private static final int BATCH = 500;

    private final MemoryStore store;

    public AgentImport(MemoryStore store) {
        this.store = store;
    }

    /**
     * Creates the agent of {@code file} under {@code key} (its own key when null) and produces the key.
     *
     * @throws dev.mnemos.memory.MemoryException when an agent of that key exists, or the store
     *     holds vectors of another embedding space than the file's
     * @throws InvalidContentException when the file is inconsistent (a tree that does not fit its shape, ...)
     */
    public AgentKey importAgent(AgentFile file, AgentKey key) {
        AgentFile.Agent a = file.agent();
        AgentKey target = key != null ? key : new AgentKey(a.organization(), a.id());
        var state = new AgentState(a.status(), a.summary(), a.contextMessageIds());
        String config = a.config() == null ? null : a.config().toString();
        await(store.agents().create(new AgentRecord(target, a.name(), a.type(), config, state, 1, Instant.parse(a.createdAt()), null)));
        for (AgentFile.BlockEntry b : file.blocks()) {
            await(store.blocks().create(target, new Block(b.label(), b.value(), b.limit(), b.readOnly(), b.description(), 0)));
        }
        List<Message> messages = file.messages().stream().map(AgentImport::message).toList();
        for (int from = 0; from < messages.size(); from += BATCH) {
            await(store.recall().append(target, messages.subList(from, Math.min(messages.size(), from + BATCH))));
        }
        if (file.archival() != null && !file.archival().passages().isEmpty()) {
            var space = new EmbeddingSpace(file.archival().model(), file.archival().dimension());
            List<Passage> passages = file.archival().passages().stream().map(AgentImport::passage).toList();
            for (int from = 0; from < passages.size(); from += BATCH) {
                await(store.archival().insert(target, space, passages.subList(from, Math.min(passages.size(), from + BATCH))));
            }
        }
        for (AgentFile.TreeEntry t : file.summaryTrees()) {
            await(store.summaryTrees().save(target, tree(t)));
        }
        for (AgentFile.StructuredEntry s : file.structuredMemories()) {
            var schema = MemorySchema.parse(s.schemaName(), s.schema().toString());
            await(store.structuredMemories().save(target, new StructuredMemory(s.name(), schema, s.document(), s.version())));
        }
        return target;
    }

    private static Message message(AgentFile.MessageEntry m) {
        Role role;
        try {
            role = Role.valueOf(m.role().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidContentException("message " + m.id() + " has an unknown role '" + m.role() + "'");
        }
        List<ToolCall> calls = m.toolCalls() == null ? List.of()
                : m.toolCalls().stream().map(c -> new ToolCall(c.id(), c.name(), c.arguments())).toList();
        return new Message(m.id(), role, m.content(), calls, m.toolCallId(), m.toolName(), Instant.parse(m.createdAt()), m.stepId(), 0);
    }

    private static Passage passage(AgentFile.PassageEntry p) {
        ByteBuffer bytes = ByteBuffer.wrap(Base64.getDecoder().decode(p.embedding())).order(ByteOrder.LITTLE_ENDIAN);
        float[] vector = new float[bytes.remaining() / Float.BYTES];
        for (int i = 0; i < vector.length; i++) {
            vector[i] = bytes.getFloat();
        }
        return new Passage(p.id(), p.text(), vector, p.tags() == null ? null : new HashSet<>(p.tags()), p.metadata(), Instant.parse(p.createdAt()));
    }

    private static SummaryTree tree(AgentFile.TreeEntry t) {
        List<List<TreeNode>> levels = new ArrayList<>();
        for (AgentFile.NodeEntry n : t.nodes()) {
            while (levels.size() <= n.level()) {
                levels.add(new ArrayList<>());
            }
            levels.get(n.level()).add(new TreeNode(n.level(), n.position(), n.text(), n.summary(), n.tokens()));
        }
        try {
            return new SummaryTree(t.id(), new TreeShape(t.segmentTokens(), t.fanOut()), levels, t.watermark());
        } catch (IllegalArgumentException e) {
            throw new InvalidContentException("summary tree " + t.id() + " of the agent file is malformed: " + e.getMessage());
        }
    }

    private static <T> T await(Uni<T> uni) {
        return uni.await().atMost(TIMEOUT);
    }
}
