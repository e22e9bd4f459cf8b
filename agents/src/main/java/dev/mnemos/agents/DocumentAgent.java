package dev.mnemos.agents;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.mnemos.agents.syscall.MemoryWalk;
import dev.mnemos.kernel.process.AgentConfig;
import dev.mnemos.kernel.process.AgentProcess;
import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.archival.Passage;
import dev.mnemos.memory.ApproximateTokenCountEstimator;
import dev.mnemos.memory.tree.BuildProgress;
import dev.mnemos.memory.tree.SummaryTreeBuilder;
import dev.mnemos.memory.tree.TreeBuild;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A document agent: files (text, Markdown, PDF) are read into its archival memory, as passages
 * that remember their page, and into a MemWalker summary tree per document ({@code doc:<name>}).
 * It answers with {@code archival_memory_search} for details and {@code memory_walk} for the whole;
 * its system prompt lists the documents it holds.
 */
public record DocumentAgent(AgentRuntime runtime) {

    public static final String TYPE = "document";
    /** The most words of one archival passage. */
    public static final int PASSAGE_WORDS = 120;
    static final List<String> TOOLS = List.of("send_message", "archival_memory_search", MemoryWalk.NAME, "conversation_search");

    public DocumentAgent {
        Objects.requireNonNull(runtime, "runtime");
    }

    /**
     * What reading one file produced.
     *
     * @param treeId the id of the document's summary tree
     * @param pages how many pages the file had
     * @param passages how many archival passages were stored
     * @param treeDepth how many levels the tree has
     */
    public record Ingested(String treeId, int pages, int passages, int treeDepth) {}

    /**
     * Spawns a document agent that holds no document yet.
     *
     * @throws dev.mnemos.memory.MemoryException when an agent of that key exists
     */
    public AgentProcess spawn(AgentKey key, String name, AgentConfig base) {
        return runtime.kernel().blocking(AgentRuntime.TIMEOUT).spawn(key, name, TYPE, config(base, List.of()), List.of());
    }

    /**
     * Reads a file into the agent's archival memory and into a summary tree, then lists the agent's
     * document trees in its system prompt. Summarizing takes one LLM call per tree node.
     *
     * @throws IOException when the file cannot be read
     * @throws IllegalStateException when the runtime has no embedding model
     */
    public Ingested ingest(AgentKey key, Path file) throws IOException {
        DocumentText document = DocumentText.read(file);
        String treeId = treeId(document.name());
        List<Passage> passages = passages(document);
        var space = runtime.archival().space();
        runtime.store().archival().insert(key, space, passages).await().atMost(AgentRuntime.TIMEOUT);
        var builder = new SummaryTreeBuilder(runtime.model(), new ApproximateTokenCountEstimator(), runtime.shape());
        TreeBuild build = builder.build(treeId, document.text(), BuildProgress.SILENT);
        runtime.store().summaryTrees().write(key, build).await().atMost(AgentRuntime.TIMEOUT);
        var ingested = new Ingested(treeId, document.pages().size(), passages.size(), build.tree().depth());

        List<String> held = runtime.store().summaryTrees().list(key).await().atMost(AgentRuntime.TIMEOUT).stream()
                .filter(id -> id.startsWith("doc:")).toList();
        var blocking = runtime.kernel().blocking(AgentRuntime.TIMEOUT);
        blocking.reconfigure(key, config(blocking.process(key).config(), held));
        return ingested;
    }

    /** A tree id for a file name: {@code doc:} and the name in lower case, other characters as '-'. */
    static String treeId(String fileName) {
        String slug = fileName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-");
        return "doc:" + (slug.length() > 120 ? slug.substring(0, 120) : slug);
    }

    private List<Passage> passages(DocumentText document) {
        List<String> texts = new ArrayList<>();
        List<Integer> pageOf = new ArrayList<>();
        for (int page = 0; page < document.pages().size(); page++) {
            for (String chunk : chunks(document.pages().get(page))) {
                texts.add(chunk);
                pageOf.add(page + 1);
            }
        }
        var embeddings = runtime.embeddings();
        List<Embedding> vectors = new ArrayList<>(texts.size());
        for (int from = 0; from < texts.size(); from += 64) {
            List<TextSegment> batch = texts.subList(from, Math.min(texts.size(), from + 64)).stream().map(TextSegment::from).toList();
            vectors.addAll(embeddings.embedAll(batch).content());
        }
        Instant now = Instant.now();
        String treeId = treeId(document.name());
        List<Passage> passages = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            passages.add(new Passage(treeId + "#" + i, texts.get(i), vectors.get(i).vector(), Set.of("document"),
                    Map.of("source", document.name(), "page", String.valueOf(pageOf.get(i))), now));
        }
        return passages;
    }

    /** Cuts a page into passages of at most {@link #PASSAGE_WORDS} words, at paragraph ends where it can. */
    static List<String> chunks(String page) {
        List<String> chunks = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int words = 0;
        for (String paragraph : page.strip().split("\\n\\s*\\n")) {
            for (String word : paragraph.strip().split("\\s+")) {
                if (word.isEmpty()) {
                    continue;
                }
                if (words == PASSAGE_WORDS) {
                    chunks.add(current.toString());
                    current.setLength(0);
                    words = 0;
                }
                current.append(words == 0 ? "" : " ").append(word);
                words++;
            }
            if (words > PASSAGE_WORDS / 2) {
                chunks.add(current.toString());
                current.setLength(0);
                words = 0;
            }
        }
        if (words > 0) {
            chunks.add(current.toString());
        }
        return chunks;
    }

    private AgentConfig config(AgentConfig base, List<String> documents) {
        String list = documents.isEmpty() ? "(none yet)" : documents.stream().map(d -> "- " + d).collect(Collectors.joining("\n"));
        return AgentPrompts.config(base, AgentPrompts.system("document.txt", Map.of("documents", list)), TOOLS);
    }
}
