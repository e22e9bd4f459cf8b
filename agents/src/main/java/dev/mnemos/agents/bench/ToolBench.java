package dev.mnemos.agents.bench;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.mnemos.agents.AgentRuntime;
import dev.mnemos.agents.ChatAgent;
import dev.mnemos.agents.tools.ToolRetrieval;
import dev.mnemos.kernel.context.Prompts;
import dev.mnemos.kernel.process.AgentConfig;
import dev.mnemos.kernel.syscall.Syscall;
import dev.mnemos.kernel.syscall.memgpt.MemGptSyscalls;
import dev.mnemos.memory.archival.EmbeddingSpace;
import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.recall.Message;
import dev.mnemos.memory.recall.RecallQuery;
import dev.mnemos.memory.sqlite.SqliteMemoryStore;
import dev.mnemos.tools.ToolRegistry;
import dev.mnemos.tools.ToolWorkers;
import dev.mnemos.tools.mcp.McpServerConfig;
import dev.mnemos.tools.mcp.McpServerOptions;
import dev.mnemos.tools.mcp.McpServers;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The MCP tool-use benchmark (README, "Agents"), in the style of MCPToolBench++: the tasks of
 * {@code tool-tasks.json} over the npm filesystem and everything servers (27 tools). For each task it
 * measures what the tool descriptions cost in the window with every tool attached and with tool
 * retrieval from archival storage (the {@code k} closest tools), and whether retrieval kept the
 * needed tool. With {@code --openai-base-url} and {@code --model} a real model runs each task both
 * ways, and the success rates and the model's input tokens are printed too.
 */
@Command(name = "bench-tools", mixinStandardHelpOptions = true, description = "MCP tool-use benchmark: success rate and tool-description tokens, with and without tool retrieval.")
public final class ToolBench implements Callable<Integer> {

    @Option(names = "--servers", paramLabel = "DIR", required = true, description = "The node_modules/@modelcontextprotocol directory holding server-filesystem and server-everything.")
    Path servers;

    @Option(names = "--node", defaultValue = "node", description = "The node executable (default: ${DEFAULT-VALUE}).")
    String node;

    @Option(names = "--openai-base-url", paramLabel = "URL", description = "An OpenAI-compatible endpoint; without it only the retrieval half runs.")
    String baseUrl;

    @Option(names = "--model", paramLabel = "NAME", description = "The model at that endpoint.")
    String model;

    @Option(names = "--api-key", defaultValue = "${env:OPENAI_API_KEY:-none}", description = "The endpoint's key (default: $OPENAI_API_KEY).")
    String apiKey;

    @Option(names = "--top-k", defaultValue = "3", description = "How many retrieved tools enter the window (default: ${DEFAULT-VALUE}).")
    int topK;

    @Option(names = "--tasks", split = ",", paramLabel = "ID", description = "Only these tasks (default: all).")
    List<String> only;

    /** Room for every tool's description and a conversation, so that no memory-pressure step disturbs a task. */
    private static final int WINDOW_TOKENS = 32768;

    private static final String ORGANIZATION = "bench";

    /** Where the table goes. */
    PrintStream out = System.out;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ToolBench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        boolean live = baseUrl != null && model != null;
        ToolTasks tasks = ToolTasks.standard().only(only);
        Path work = Files.createTempDirectory("mnemos-bench-tools");
        Path sandbox = work.toRealPath().resolve("sandbox");
        tasks.resetSandbox(sandbox);
        AtomicLong inputTokens = new AtomicLong();
        ChatModel llm = live ? metered(OpenAiChatModel.builder().baseUrl(baseUrl).apiKey(apiKey).modelName(model)
                .timeout(Duration.ofMinutes(2)).build(), inputTokens) : new NoModel();
        var embeddings = new AllMiniLmL6V2QuantizedEmbeddingModel();
        var registry = ToolRegistry.standard();
        try (var workers = new ToolWorkers(4, 16);
             var mcp = new McpServers(registry, workers, McpServerOptions.standard());
             var store = SqliteMemoryStore.open(work.resolve("mnemos.db"))) {
            AgentKey probe = new AgentKey(ORGANIZATION, "probe");
            mcp.attach(probe, McpServerConfig.Stdio.of("fs", node, servers.resolve("server-filesystem/dist/index.js").toString(), sandbox.toString()))
                    .await().atMost(Duration.ofMinutes(1));
            mcp.attach(probe, McpServerConfig.Stdio.of("everything", node, servers.resolve("server-everything/dist/index.js").toString()))
                    .await().atMost(Duration.ofMinutes(1));
            List<ToolSpecification> mcpTools = registry.specificationsFor(probe);
            try (var runtime = AgentRuntime.start(store, llm, embeddings, registry)) {
                var retrieval = new ToolRetrieval(store, embeddings, EmbeddingSpace.of(embeddings), new AgentKey(ORGANIZATION, "tool-index"));
                retrieval.index(mcpTools);
                List<String> always = MemGptSyscalls.all(Prompts.standard()).stream().map(Syscall::name).toList();
                out.printf(Locale.ROOT, "MCP tool-use benchmark: %d tasks, %d MCP tools attached (filesystem + everything), top-k %d, %s%n%n",
                        tasks.tasks().size(), mcpTools.size(), topK, live ? "model " + model + " at " + baseUrl : "no model (retrieval half only)");
                out.printf(Locale.ROOT, "%-12s %-36s %-6s %12s %12s %6s%s%n", "task", "needed tool", "kept", "tokens all", "tokens k", "saved",
                        live ? "   ok all  ok k" : "");
                var rows = new ArrayList<Row>();
                int n = 0;
                for (ToolTasks.Task task : tasks.tasks()) {
                    n++;
                    AgentKey full = spawn(runtime, registry, "t" + n + "-all");
                    AgentKey narrow = spawn(runtime, registry, "t" + n + "-k");
                    int tokensAll = runtime.kernel().blocking(AgentRuntime.TIMEOUT).inspect(full).tokens().tools();
                    List<String> table = retrieval.apply(runtime.kernel(), narrow, always, task.query(), topK);
                    int tokensK = runtime.kernel().blocking(AgentRuntime.TIMEOUT).inspect(narrow).tokens().tools();
                    Boolean okAll = null;
                    Boolean okK = null;
                    if (live) {
                        okAll = run(runtime, tasks, task, full, sandbox);
                        okK = run(runtime, tasks, task, narrow, sandbox);
                    }
                    var row = new Row(task.id(), task.tool(), table.contains(task.tool()), tokensAll, tokensK, okAll, okK);
                    rows.add(row);
                    out.printf(Locale.ROOT, "%-12s %-36s %-6s %12d %12d %5.0f%%%s%n", row.task(), row.tool(), row.kept() ? "yes" : "NO",
                            row.tokensAll(), row.tokensK(), 100.0 * (row.tokensAll() - row.tokensK()) / row.tokensAll(),
                            live ? String.format(Locale.ROOT, "   %-6s %-5s", yes(okAll), yes(okK)) : "");
                }
                summarize(out, rows, live, inputTokens.get());
            }
        }
        return 0;
    }

    private record Row(String task, String tool, boolean kept, int tokensAll, int tokensK, Boolean okAll, Boolean okK) {}

    private AgentKey spawn(AgentRuntime runtime, ToolRegistry registry, String id) {
        AgentKey key = new AgentKey(ORGANIZATION, id);
        registry.allow(key, "fs__*", "everything__*");
        new ChatAgent(runtime).spawn(key, id, ChatAgent.defaultPersona(), "", AgentConfig.DEFAULT.withContextWindowTokens(WINDOW_TOKENS));
        return key;
    }

    /** Runs one task on one agent: it succeeded when the agent called the needed tool and the reply or the sandbox shows the result. */
    private static boolean run(AgentRuntime runtime, ToolTasks tasks, ToolTasks.Task task, AgentKey agent, Path sandbox) throws Exception {
        tasks.resetSandbox(sandbox);
        var reply = runtime.kernel().blocking(AgentRuntime.TIMEOUT).send(agent, task.prompt(sandbox));
        List<Message> history = runtime.store().recall().search(agent, RecallQuery.newest(200)).await().atMost(AgentRuntime.TIMEOUT).messages();
        boolean called = history.stream().anyMatch(m -> m.toolCalls().stream().anyMatch(c -> c.name().equals(task.tool())));
        String said = String.join("\n", reply.messages());
        boolean answered = task.answer(sandbox) == null || said.toLowerCase(Locale.ROOT).contains(task.answer(sandbox).toLowerCase(Locale.ROOT));
        boolean file = task.file() == null || (Files.exists(sandbox.resolve(task.file()))
                && (task.fileContains() == null || Files.readString(sandbox.resolve(task.file())).contains(task.fileContains())));
        return called && answered && file;
    }

    private static void summarize(PrintStream out, List<Row> rows, boolean live, long inputTokens) {
        int tasks = rows.size();
        long kept = rows.stream().filter(Row::kept).count();
        double all = rows.stream().mapToInt(Row::tokensAll).average().orElse(0);
        double k = rows.stream().mapToInt(Row::tokensK).average().orElse(0);
        out.printf(Locale.ROOT, "%ntool retrieval kept the needed tool in %d of %d tasks (%.0f%%)%n", kept, tasks, 100.0 * kept / tasks);
        out.printf(Locale.ROOT, "tool-description tokens per request: %.0f with every tool, %.0f with retrieval (%.0f%% saved)%n",
                all, k, 100.0 * (all - k) / all);
        if (live) {
            long okAll = rows.stream().filter(r -> Boolean.TRUE.equals(r.okAll())).count();
            long okK = rows.stream().filter(r -> Boolean.TRUE.equals(r.okK())).count();
            out.printf(Locale.ROOT, "success rate: %d/%d (%.0f%%) with every tool, %d/%d (%.0f%%) with retrieval; model input tokens, both runs: %d%n",
                    okAll, tasks, 100.0 * okAll / tasks, okK, tasks, 100.0 * okK / tasks, inputTokens);
        }
    }

    private static String yes(Boolean ok) {
        return Boolean.TRUE.equals(ok) ? "yes" : "no";
    }

    /** A model that adds up the input tokens its answers report. */
    private static ChatModel metered(ChatModel model, AtomicLong inputTokens) {
        return new ChatModel() {
            @Override
            public ChatResponse doChat(ChatRequest request) {
                ChatResponse response = model.chat(request);
                if (response.tokenUsage() != null && response.tokenUsage().inputTokenCount() != null) {
                    inputTokens.addAndGet(response.tokenUsage().inputTokenCount());
                }
                return response;
            }
        };
    }

    /** Stands in when no model is configured: the retrieval half never asks it. */
    private static final class NoModel implements ChatModel {
        @Override
        public ChatResponse doChat(ChatRequest request) {
            throw new IllegalStateException("no model configured: give --openai-base-url and --model");
        }
    }
}
