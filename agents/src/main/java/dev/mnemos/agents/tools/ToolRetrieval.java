package dev.mnemos.agents.tools;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.mnemos.kernel.Kernel;
import dev.mnemos.kernel.process.AgentConfig;
import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.MemoryStore;
import dev.mnemos.memory.agent.AgentRecord;
import dev.mnemos.memory.archival.ArchivalMemory;
import dev.mnemos.memory.archival.ArchivalQuery;
import dev.mnemos.memory.archival.EmbeddingSpace;
import dev.mnemos.memory.archival.Passage;
import dev.mnemos.memory.archival.ScoredPassage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Tool retrieval from archival storage: with many tools attached, only those relevant to the user's
 * message enter the window. Each tool's name and description is embedded once, as a passage of an
 * index agent's archival memory; for each message the {@code k} closest tools, with the tools the
 * agent always keeps ({@code send_message}, its memory syscalls), become the agent's tool table.
 */
public final class ToolRetrieval {

    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static final String TAG = "tool";

    private final MemoryStore store;
    private final EmbeddingModel embeddings;
    private final EmbeddingSpace space;
    private final AgentKey index;

    /** @param index the agent whose archival memory holds the tool index; created when missing */
    public ToolRetrieval(MemoryStore store, EmbeddingModel embeddings, EmbeddingSpace space, AgentKey index) {
        this.store = Objects.requireNonNull(store, "store");
        this.embeddings = Objects.requireNonNull(embeddings, "embeddings");
        this.space = Objects.requireNonNull(space, "space");
        this.index = Objects.requireNonNull(index, "index");
    }

    /** Embeds the tools' descriptions into the index; a tool indexed before is skipped (its name is the passage id). */
    public void index(List<ToolSpecification> tools) {
        if (store.agents().get(index).await().atMost(TIMEOUT).isEmpty()) {
            store.agents().create(new AgentRecord(index, "tool index", "tool-index", null, null, 1, Instant.now(), null)).await().atMost(TIMEOUT);
        }
        List<TextSegment> texts = tools.stream().map(t -> TextSegment.from(describe(t))).toList();
        var vectors = embeddings.embedAll(texts).content();
        List<Passage> passages = new ArrayList<>();
        for (int i = 0; i < tools.size(); i++) {
            passages.add(new Passage(tools.get(i).name(), texts.get(i).text(), vectors.get(i).vector(), Set.of(TAG),
                    Map.of("tool", tools.get(i).name()), Instant.now()));
        }
        store.archival().insert(index, space, passages).await().atMost(TIMEOUT);
    }

    /** Produces the names of the {@code k} tools closest to {@code message}, best first. */
    public List<String> select(String message, int k) {
        List<ScoredPassage> found = new ArchivalMemory(store.archival(), embeddings, space, Clock.systemUTC())
                .search(index, message, new ArchivalQuery(k, 0, Set.of(TAG), null, null)).await().atMost(TIMEOUT);
        return found.stream().map(p -> p.passage().metadata().get("tool")).toList();
    }

    /**
     * Sets the agent's tool table for its next message: {@code always}, then the {@code k} tools
     * closest to {@code message}. Produces the table.
     */
    public List<String> apply(Kernel kernel, AgentKey agent, List<String> always, String message, int k) {
        Set<String> table = new LinkedHashSet<>(always);
        table.addAll(select(message, k));
        var blocking = kernel.blocking(TIMEOUT);
        AgentConfig config = blocking.process(agent).config();
        blocking.reconfigure(agent, config.withTools(List.copyOf(table)));
        return List.copyOf(table);
    }

    /** What is embedded for a tool: its name, its description and the names of its parameters. */
    static String describe(ToolSpecification tool) {
        String parameters = tool.parameters() == null ? "" : String.join(", ", tool.parameters().properties().keySet());
        return tool.name().replace("__", ": ").replace('_', ' ').replace('-', ' ') + ". " + tool.description()
                + (parameters.isEmpty() ? "" : " Parameters: " + parameters + ".");
    }
}
