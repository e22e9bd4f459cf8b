/*
 * Document QA over a book-length text, two ways side by side. Ingesting the book (DocumentAgent)
 * cuts it into archival passages of at most 120 words, embedded for search by meaning, and builds
 * a MemWalker summary tree: summaries of summaries up to one root. A question is then answered
 * - by archival retrieval: the passages nearest in meaning, which is quick and good for details;
 * - by walking the tree (MemWalker): from the root the LLM picks the child whose summary promises
 *   the answer, backs up when it was wrong, and answers from a leaf;
 * - and by the document agent itself, which chooses between the two tools.
 *
 * main() takes an OpenAI-compatible endpoint from the environment (MNEMOS_OPENAI_BASE_URL,
 * MNEMOS_OPENAI_MODEL), a text, Markdown or PDF file and a question; embeddings are MiniLM, in process:
 *
 *   examples/run dev.mnemos.examples.document.BookQa book.txt 'Who wrote the letter?'
 */
package dev.mnemos.examples.document;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.mnemos.agents.AgentRuntime;
import dev.mnemos.agents.DocumentAgent;
import dev.mnemos.examples.OpenAiEndpoint;
import dev.mnemos.kernel.process.AgentConfig;
import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.ApproximateTokenCountEstimator;
import dev.mnemos.memory.archival.ArchivalQuery;
import dev.mnemos.memory.sqlite.SqliteMemoryStore;
import dev.mnemos.memory.tree.MemoryWalker;
import dev.mnemos.memory.tree.SummaryTree;
import dev.mnemos.memory.tree.WalkResult;
import dev.mnemos.tools.ToolRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

public final class BookQa implements AutoCloseable {

    public static final AgentKey READER = new AgentKey("examples", "reader");

    private final SqliteMemoryStore store;
    private final AgentRuntime runtime;

    private BookQa(SqliteMemoryStore store, AgentRuntime runtime) {
        this.store = store;
        this.runtime = runtime;
    }

    /** Opens the memory in {@code database} and a document agent on it, spawned the first time. */
    public static BookQa open(Path database, ChatModel model, EmbeddingModel embeddings) throws IOException {
        SqliteMemoryStore store = SqliteMemoryStore.open(database);
        AgentRuntime runtime = AgentRuntime.start(store, model, embeddings, ToolRegistry.standard());
        if (store.agents().get(READER).await().atMost(AgentRuntime.TIMEOUT).isEmpty()) {
            new DocumentAgent(runtime).spawn(READER, "Reader", AgentConfig.DEFAULT);
        }
        return new BookQa(store, runtime);
    }

    /** Reads the book into archival passages and a summary tree (one LLM call per tree node). */
    public DocumentAgent.Ingested ingest(Path book) throws IOException {
        return new DocumentAgent(runtime).ingest(READER, book);
    }

    /** The same question answered by archival retrieval (the top {@code k} passages) and by a MemWalker walk of the tree. */
    public record SideBySide(List<String> passages, WalkResult walk) {}

    public SideBySide compare(String treeId, String question, int k) {
        List<String> passages = runtime.archival().search(READER, question, ArchivalQuery.top(k)).await().atMost(AgentRuntime.TIMEOUT)
                .stream().map(p -> p.passage().text()).toList();
        SummaryTree tree = store.summaryTrees().load(READER, treeId).await().atMost(AgentRuntime.TIMEOUT).orElseThrow();
        WalkResult walk = new MemoryWalker(runtime.model(), new ApproximateTokenCountEstimator(), 16).walk(tree, question);
        return new SideBySide(passages, walk);
    }

    /** Asks the document agent, which searches or walks as it sees fit; produces its reply. */
    public List<String> ask(String question) {
        return runtime.kernel().blocking(AgentRuntime.TIMEOUT).send(READER, question).messages();
    }

    @Override
    public void close() {
        runtime.close();
        store.close();
    }

    public static void main(String[] args) throws Exception {
        ChatModel model = OpenAiEndpoint.fromEnvironment(args.length >= 2, "BookQa FILE QUESTION [DATABASE]");
        Path database = args.length > 2 ? Path.of(args[2]) : Files.createTempFile("book-qa-", ".db");
        try (BookQa qa = open(database, model, new AllMiniLmL6V2QuantizedEmbeddingModel())) {
            DocumentAgent.Ingested book = qa.ingest(Path.of(args[0]));
            System.out.printf("ingested %d pages into %d passages and a tree of depth %d%n", book.pages(), book.passages(), book.treeDepth());
            SideBySide answers = qa.compare(book.treeId(), args[1], 3);
            System.out.println("archival: " + answers.passages().getFirst());
            System.out.println("walk:     " + answers.walk().answer() + " (" + answers.walk().trail().size() + " steps)");
            System.out.println("agent:    " + String.join(" ", qa.ask(args[1])));
        }
    }
}
