/*
 * An MCP tool-using assistant: a MemGPT chat agent with a real MCP server attached, the filesystem
 * server from npm (@modelcontextprotocol/server-filesystem), allowed one folder. Its tools become
 * syscalls named fs__<tool> (fs__list_directory, fs__read_text_file, fs__search_files, ...) beside
 * the memory syscalls, so the LLM answers questions about the folder by calling them; every call
 * and result is kept in recall like any message.
 *
 * The server is pinned by examples/mcp-servers/package.json and its lock; install it once, then
 * give a folder and a question, with an OpenAI-compatible endpoint in the environment
 * (MNEMOS_OPENAI_BASE_URL, MNEMOS_OPENAI_MODEL, optional MNEMOS_OPENAI_API_KEY):
 *
 *   (cd examples/mcp-servers && npm ci)
 *   examples/run dev.mnemos.examples.mcp.FolderAssistant $PWD/docs 'What is in this folder?'
 */
package dev.mnemos.examples.mcp;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.mnemos.agents.AgentRuntime;
import dev.mnemos.agents.ChatAgent;
import dev.mnemos.examples.OpenAiEndpoint;
import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.sqlite.SqliteMemoryStore;
import dev.mnemos.tools.ToolRegistry;
import dev.mnemos.tools.ToolWorkers;
import dev.mnemos.tools.mcp.McpAttachment;
import dev.mnemos.tools.mcp.McpServerConfig;
import dev.mnemos.tools.mcp.McpServerOptions;
import dev.mnemos.tools.mcp.McpServers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

public final class FolderAssistant implements AutoCloseable {

    public static final AgentKey ASSISTANT = new AgentKey("examples", "folder");

    private final SqliteMemoryStore store;
    private final ToolWorkers workers;
    private final McpServers servers;
    private final McpAttachment filesystem;
    private final AgentRuntime runtime;

    private FolderAssistant(SqliteMemoryStore store, ToolWorkers workers, McpServers servers, McpAttachment filesystem, AgentRuntime runtime) {
        this.store = store;
        this.workers = workers;
        this.servers = servers;
        this.filesystem = filesystem;
        this.runtime = runtime;
    }

    /** The filesystem server of {@code nodeModules} (where npm installed it), as {@code fs}, allowed {@code folder} only. */
    public static McpServerConfig filesystemServer(Path nodeModules, Path folder) {
        Path script = nodeModules.resolve("@modelcontextprotocol/server-filesystem/dist/index.js");
        return McpServerConfig.Stdio.of("fs", "node", script.toString(), folder.toAbsolutePath().toString());
    }

    /**
     * Opens the memory in {@code database}, starts {@code server} and attaches it to the assistant (spawned the first
     * time). The server is attached before the kernel starts: the kernel's syscall table is fixed then.
     */
    public static FolderAssistant open(Path database, ChatModel model, McpServerConfig server) throws IOException {
        SqliteMemoryStore store = SqliteMemoryStore.open(database);
        ToolRegistry registry = ToolRegistry.standard();
        ToolWorkers workers = ToolWorkers.standard();
        McpServers servers = new McpServers(registry, workers, McpServerOptions.standard());
        try {
            McpAttachment attached = servers.attach(ASSISTANT, server).await().atMost(AgentRuntime.TIMEOUT);
            AgentRuntime runtime = AgentRuntime.start(store, model, new AllMiniLmL6V2QuantizedEmbeddingModel(), registry);
            if (store.agents().get(ASSISTANT).await().atMost(AgentRuntime.TIMEOUT).isEmpty()) {
                new ChatAgent(runtime).spawn(ASSISTANT, "Folder assistant");
            }
            return new FolderAssistant(store, workers, servers, attached, runtime);
        } catch (RuntimeException e) {
            servers.close();
            workers.close();
            store.close();
            throw e;
        }
    }

    /** The syscalls the server's tools became ({@code fs__list_directory}, ...). */
    public List<String> tools() {
        return filesystem.syscalls();
    }

    /** Asks the assistant and produces its reply, once the step (and every tool call in it) is committed. */
    public List<String> ask(String question) {
        return runtime.kernel().blocking(AgentRuntime.TIMEOUT).send(ASSISTANT, question).messages();
    }

    @Override
    public void close() {
        runtime.close();
        servers.close();
        workers.close();
        store.close();
    }

    public static void main(String[] args) throws Exception {
        Path nodeModules = Path.of("mcp-servers/node_modules");
        if (!Files.isDirectory(nodeModules)) {
            System.err.println("the filesystem MCP server is not installed: run `npm ci` in examples/mcp-servers first");
            System.exit(2);
        }
        ChatModel model = OpenAiEndpoint.fromEnvironment(args.length >= 2, "FolderAssistant FOLDER QUESTION [DATABASE]");
        Path database = args.length > 2 ? Path.of(args[2]) : Files.createTempFile("folder-assistant-", ".db");
        try (FolderAssistant assistant = open(database, model, filesystemServer(nodeModules, Path.of(args[0])))) {
            System.out.println("attached fs: " + String.join(", ", assistant.tools()));
            assistant.ask(args[1]).forEach(reply -> System.out.println("assistant> " + reply));
        }
    }
}
