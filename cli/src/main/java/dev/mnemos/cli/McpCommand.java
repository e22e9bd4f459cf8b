package dev.mnemos.cli;

import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.mnemos.agents.AgentRuntime;
import dev.mnemos.agents.AgentTypes;
import dev.mnemos.cli.llm.LanguageModels;
import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.DataDirectory;
import dev.mnemos.memory.sqlite.SqliteMemoryStore;
import dev.mnemos.memory.tree.TreeShape;
import dev.mnemos.tools.ToolRegistry;
import dev.mnemos.tools.server.AgentMcpServer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mnemos mcp}: one agent of the embedded store as an MCP server on stdin and stdout, for other
 * assistants. Stdout carries MCP JSON-RPC and nothing else: the real stdout goes to the server and
 * {@code System.out} is pointed at stderr for the session, so that no stray print breaks the protocol.
 * (The streamable HTTP endpoint belongs to {@code mnemos serve}.)
 */
@Command(name = "mcp", mixinStandardHelpOptions = true,
        description = "Serve an agent over MCP (stdio) to other assistants: send it messages, read and edit its core memory, search its memory, give it passages.")
public class McpCommand implements Callable<Integer> {

    @Option(names = "--agent", paramLabel = "ID", defaultValue = "assistant", description = "The agent to serve; created when missing (default: ${DEFAULT-VALUE}).")
    String agent;

    @Option(names = "--organization", paramLabel = "ID", defaultValue = "local", description = "The agent's organisation (default: ${DEFAULT-VALUE}).")
    String organization;

    @Option(names = "--type", paramLabel = "TYPE", defaultValue = "chat", description = "The type of an agent created here: chat, document or long-input (default: ${DEFAULT-VALUE}).")
    String type;

    @Option(names = "--model", paramLabel = "FILE", description = "A local GGUF model to run the agent on.")
    Path model;

    @Option(names = "--threads", defaultValue = "0", description = "Cores for a local model (default: all).")
    int threads;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where the embedded store lives (default: $MNEMOS_HOME, else $XDG_DATA_HOME/mnemos, else ~/.local/share/mnemos).")
    Path dataDir;

    @Override
    public Integer call() throws Exception {
        PrintStream protocol = System.out;
        System.setOut(System.err);
        Map<String, String> env = System.getenv();
        var choice = LlmChoice.from(model, env);
        if (choice.isEmpty()) {
            System.err.println(LlmChoice.HOW_TO_CONFIGURE);
            return 2;
        }
        if (!AgentTypes.NAMES.contains(type)) {
            System.err.println("no agent type '" + type + "'; the types are " + String.join(", ", AgentTypes.NAMES));
            return 2;
        }
        DataDirectory data = dataDir != null ? new DataDirectory(dataDir) : DataDirectory.fromEnvironment();
        AgentKey key = new AgentKey(organization, agent);
        int cores = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        try (var store = SqliteMemoryStore.open(data.database());
             var models = LanguageModels.open(choice.get(), env, cores);
             var runtime = AgentRuntime.start(store, models.chat(), new AllMiniLmL6V2QuantizedEmbeddingModel(), ToolRegistry.standard(),
                     TreeShape.DEFAULT, models::configure)) {
            if (store.agents().get(key).await().atMost(AgentRuntime.TIMEOUT).isEmpty()) {
                AgentTypes.create(runtime, type, key, agent);
                System.err.println("mnemos mcp: created " + type + " agent " + key);
            }
            System.err.println("mnemos mcp: serving agent " + key + " (" + choice.get().describe() + ") on stdio");
            try (var server = AgentMcpServer.stdio(runtime.kernel(), store, runtime.archival(), key, System.in, protocol)) {
                server.awaitEnd();
            }
        }
        return 0;
    }
}
