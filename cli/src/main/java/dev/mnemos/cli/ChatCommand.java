package dev.mnemos.cli;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.mnemos.agents.AgentRuntime;
import dev.mnemos.agents.ChatAgent;
import dev.mnemos.cli.chat.ChatSession;
import dev.mnemos.cli.chat.ProgressBar;
import dev.mnemos.cli.llm.ModelPreload;
import dev.mnemos.cli.llm.LanguageModels;
import dev.mnemos.memory.archival.EmbeddingSpace;
import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.DataDirectory;
import dev.mnemos.memory.archival.ArchivalMemory;
import dev.mnemos.memory.sqlite.SqliteMemoryStore;
import dev.mnemos.memory.tree.TreeShape;
import dev.mnemos.tools.ToolRegistry;
import dev.mnemos.inference.cuda.Device;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code mnemos chat}: an interactive session with an agent on the embedded store. */
@Command(name = "chat", mixinStandardHelpOptions = true, description = "Talk with an agent that remembers (embedded store, no services needed).")
public class ChatCommand implements Callable<Integer> {

    /** The organisation of the terminal's agents: one person, one organisation. */
    static final String ORGANIZATION = "local";

    @Option(names = "--model", paramLabel = "FILE", description = "A local GGUF model to run the agent on.")
    Path model;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Where the embedded store lives (default: $MNEMOS_HOME, else $XDG_DATA_HOME/mnemos, else ~/.local/share/mnemos).")
    Path dataDir;

    @Option(names = "--agent", paramLabel = "ID", defaultValue = "companion", description = "The agent to talk to; created when missing (default: ${DEFAULT-VALUE}).")
    String agentId;

    @Option(names = "--device", defaultValue = "cpu", paramLabel = "auto|cpu|cuda",
            description = "Where a local model runs: auto picks CUDA when a GPU and driver are present, cuda fails without one (default: ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--threads", paramLabel = "N", description = "Cores for a local model (default: all).")
    Integer threads;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        DataDirectory data = dataDir != null ? new DataDirectory(dataDir) : DataDirectory.fromEnvironment();
        Map<String, String> env = System.getenv();
        Optional<LlmChoice> llm = LlmChoice.from(model, env);
        Device backend = llm.isPresent() && llm.get() instanceof LlmChoice.LocalModel ? DeviceOption.choose(spec, device).device() : Device.CPU;
        AgentKey agent = new AgentKey(ORGANIZATION, agentId);
        err.println("memory: embedded SQLite at " + data.database());
        err.println(llm.map(c -> "llm: " + c.describe()).orElse(LlmChoice.HOW_TO_CONFIGURE));
        err.flush();
        try (Terminal terminal = TerminalBuilder.builder().system(true).build();
                SqliteMemoryStore store = SqliteMemoryStore.open(data.database());
                LanguageModels models = llm.isPresent() ? open(llm.get(), env, terminal, backend) : null) {
            EmbeddingModel embeddings = new AllMiniLmL6V2QuantizedEmbeddingModel();
            AgentRuntime runtime = models == null ? null : AgentRuntime.start(store, models.chat(), embeddings, ToolRegistry.standard(), TreeShape.DEFAULT, models::configure);
            try {
                if (runtime != null && store.agents().get(agent).await().atMost(Duration.ofMinutes(1)).isEmpty()) {
                    new ChatAgent(runtime).spawn(agent, agentId);
                }
                var archival = new ArchivalMemory(store.archival(), embeddings, EmbeddingSpace.of(embeddings), Clock.systemUTC());
                reembedIfNeeded(archival, terminal);
                new ChatSession(terminal, store, runtime, archival, agent, data.path().resolve("chat-history")).run();
            } finally {
                if (runtime != null) {
                    runtime.close();
                }
            }
        }
        return 0;
    }

    private LanguageModels open(LlmChoice choice, Map<String, String> env, Terminal terminal, Device backend) throws IOException {
        if (choice instanceof LlmChoice.LocalModel local && Files.isRegularFile(local.file())) {
            try (ProgressBar bar = ProgressBar.on(terminal, "loading " + local.file().getFileName(), Files.size(local.file()), ProgressBar.BYTES)) {
                ModelPreload.read(local.file(), bar);
            }
        }
        return LanguageModels.open(choice, env, threads == null ? Runtime.getRuntime().availableProcessors() : threads, backend);
    }

    /** Brings archival memory written with another embedding model into this one's space, which searching needs. */
    private static void reembedIfNeeded(ArchivalMemory archival, Terminal terminal) {
        if (!archival.needsReembedding().await().atMost(Duration.ofMinutes(1))) {
            return;
        }
        terminal.writer().println("archival memory was embedded with another model: re-embedding it with " + archival.space().model());
        try (ProgressBar bar = ProgressBar.on(terminal, "re-embed", 0, "passages")) {
            archival.reembed(progress -> bar.set(progress.done())).await().indefinitely();
        }
    }
}
