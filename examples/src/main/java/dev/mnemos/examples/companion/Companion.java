/*
 * A long-running companion: a MemGPT chat agent that remembers the person it talks to across
 * restarts. Its memory is one SQLite file; close the program, start it again, and it still knows
 * what it kept in its "human" block, can search every message it ever exchanged (recall), and
 * what it filed in archival memory (passages embedded by MiniLM, in process).
 *
 * The LLM is any LangChain4j ChatModel. main() takes an OpenAI-compatible endpoint from the
 * environment (MNEMOS_OPENAI_BASE_URL, MNEMOS_OPENAI_MODEL, optional MNEMOS_OPENAI_API_KEY), reads
 * one message per line from stdin and prints each reply:
 *
 *   examples/run dev.mnemos.examples.companion.Companion companion.db
 */
package dev.mnemos.examples.companion;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.mnemos.agents.AgentRuntime;
import dev.mnemos.agents.ChatAgent;
import dev.mnemos.examples.OpenAiEndpoint;
import dev.mnemos.kernel.BlockingKernel;
import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.sqlite.SqliteMemoryStore;
import dev.mnemos.tools.ToolRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.List;

public final class Companion implements AutoCloseable {

    /** The one agent of this example. */
    public static final AgentKey SAM = new AgentKey("companion", "sam");

    private final SqliteMemoryStore store;
    private final AgentRuntime runtime;
    private final BlockingKernel kernel;

    private Companion(SqliteMemoryStore store, AgentRuntime runtime) {
        this.store = store;
        this.runtime = runtime;
        this.kernel = runtime.kernel().blocking(AgentRuntime.TIMEOUT);
    }

    /** Opens the memory in {@code database} (created on first use) and wakes Sam, spawning it the first time. */
    public static Companion open(Path database, ChatModel model, EmbeddingModel embeddings) throws IOException {
        SqliteMemoryStore store = SqliteMemoryStore.open(database);
        AgentRuntime runtime = AgentRuntime.start(store, model, embeddings, ToolRegistry.standard());
        boolean known = store.agents().get(SAM).await().atMost(AgentRuntime.TIMEOUT).isPresent();
        if (!known) {
            new ChatAgent(runtime).spawn(SAM, "Sam");
        }
        return new Companion(store, runtime);
    }

    /** Tells Sam one message and produces what Sam answered, once it is committed to memory. */
    public List<String> tell(String message) {
        return kernel.send(SAM, message).messages();
    }

    /** What Sam keeps about the person in core memory. */
    public String human() {
        return kernel.process(SAM).block("human").orElseThrow().value();
    }

    @Override
    public void close() {
        runtime.close();
        store.close();
    }

    public static void main(String[] args) throws Exception {
        ChatModel model = OpenAiEndpoint.fromEnvironment(true, "Companion [DATABASE], one message per line on stdin");
        Path database = Path.of(args.length > 0 ? args[0] : "companion.db");
        try (Companion sam = open(database, model, new AllMiniLmL6V2QuantizedEmbeddingModel());
             var in = new BufferedReader(new InputStreamReader(System.in))) {
            System.out.println("Sam remembers you in " + database + ". One message per line; Ctrl-D ends.");
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (!line.isBlank()) {
                    sam.tell(line).forEach(reply -> System.out.println("sam> " + reply));
                }
            }
        }
    }
}
