package dev.mnemos.kernel.impl;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.mnemos.kernel.context.Prompts;
import dev.mnemos.kernel.syscall.SyscallContext;
import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.MemoryException;
import dev.mnemos.memory.MemoryStore;
import dev.mnemos.memory.archival.ArchivalQuery;
import dev.mnemos.memory.archival.EmbeddingSpace;
import dev.mnemos.memory.archival.EmbeddingSpaceMismatchException;
import dev.mnemos.memory.archival.Passage;
import dev.mnemos.memory.archival.ScoredPassage;
import dev.mnemos.memory.core.Block;
import dev.mnemos.memory.core.BlockEdit;
import dev.mnemos.memory.core.BlockEditException;
import dev.mnemos.memory.recall.RecallPage;
import dev.mnemos.memory.recall.RecallQuery;
import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a step has written so far and not yet committed: block edits, passages and the messages for
 * the user. Syscalls see their own writes at once; storage sees them all in the step's one commit.
 * Used by one step at a time.
 */
final class StepBuffer implements SyscallContext {

    private final AgentKey agent;
    private final String stepId;
    private final Instant now;
    private final Prompts prompts;
    private final MemoryStore store;
    private final EmbeddingModel embeddings;
    private final ModelGate gate;
    private final StepControl control;
    private final Map<String, Block> blocks = new TreeMap<>();
    private final Map<String, Block> edited = new TreeMap<>();
    private final List<Passage> passages = new ArrayList<>();
    private final List<String> sent = new ArrayList<>();

    StepBuffer(AgentKey agent, String stepId, Instant now, Prompts prompts, MemoryStore store, List<Block> blocks,
            EmbeddingModel embeddings, ModelGate gate, StepControl control) {
        this.agent = agent;
        this.stepId = stepId;
        this.now = now;
        this.prompts = prompts;
        this.store = store;
        this.embeddings = embeddings;
        this.gate = gate;
        this.control = control;
        blocks.forEach(b -> this.blocks.put(b.label(), b));
    }

    @Override
    public AgentKey agent() {
        return agent;
    }

    @Override
    public String stepId() {
        return stepId;
    }

    @Override
    public Instant now() {
        return now;
    }

    @Override
    public Prompts prompts() {
        return prompts;
    }

    @Override
    public List<Block> blocks() {
        return List.copyOf(blocks.values());
    }

    @Override
    public Block editBlock(String label, BlockEdit edit) {
        Block block = blocks.get(label);
        if (block == null) {
            throw new BlockEditException("there is no core memory block '" + label + "'");
        }
        Block after = edit.apply(block);
        blocks.put(label, after);
        edited.put(label, after);
        return after;
    }

    @Override
    public void send(String message) {
        sent.add(message);
    }

    @Override
    public Uni<RecallPage> searchRecall(RecallQuery query) {
        return store.recall().search(agent, query);
    }

    @Override
    public Uni<String> insertArchival(String text, Set<String> tags) {
        EmbeddingModel model = requireEmbeddings();
        String id = Ids.passage(stepId, passages.size());
        return gate.call(() -> model.embed(text).content().vector(), control)
                .map(vector -> {
                    passages.add(new Passage(id, text, vector, tags, Map.of("step", stepId), now));
                    return id;
                });
    }

    @Override
    public Uni<List<ScoredPassage>> searchArchival(String query, ArchivalQuery filters) {
        EmbeddingModel model = requireEmbeddings();
        return gate.call(() -> model.embed(query).content().vector(), control)
                .chain(vector -> store.archival().search(agent, space(), vector, filters))
                // A store that has no passage yet has no space either: nothing to find.
                .onFailure(EmbeddingSpaceMismatchException.class).recoverWithUni(e -> store.archival().count(agent)
                        .map(n -> {
                            if (n > 0) {
                                throw (EmbeddingSpaceMismatchException) e;
                            }
                            return List.<ScoredPassage>of();
                        }));
    }

    @Override
    public MemoryStore store() {
        return store;
    }

    /** The embedding space of this kernel's model. */
    EmbeddingSpace space() {
        return EmbeddingSpace.of(requireEmbeddings());
    }

    /** The blocks the step edited, each with the version it read (the commit checks it). */
    List<Block> editedBlocks() {
        return List.copyOf(edited.values());
    }

    /** Every block after the step. */
    List<Block> allBlocks() {
        return List.copyOf(blocks.values());
    }

    List<Passage> passages() {
        return List.copyOf(passages);
    }

    List<String> sent() {
        return List.copyOf(sent);
    }

    /** How many messages for the user are buffered: the step marks where each call's begin. */
    int sentCount() {
        return sent.size();
    }

    private EmbeddingModel requireEmbeddings() {
        if (embeddings == null) {
            throw new MemoryException(prompts.text("error.no_embedding_model"));
        }
        return embeddings;
    }
}
