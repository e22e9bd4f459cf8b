package dev.mnemos.cli.serve;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.mnemos.agents.AgentRuntime;
import dev.mnemos.cli.LlmChoice;
import dev.mnemos.cli.llm.LanguageModels;
import dev.mnemos.cli.serve.cluster.ServeCluster;
import dev.mnemos.kernel.process.AgentConfig;
import dev.mnemos.memory.MemoryStore;
import dev.mnemos.memory.postgres.PostgresMemoryStore;
import dev.mnemos.memory.sqlite.SqliteMemoryStore;
import dev.mnemos.memory.tree.TreeShape;
import dev.mnemos.tools.ToolRegistry;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import dev.mnemos.inference.cuda.Device;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * What {@code mnemos serve} serves: one store, one LLM (when configured), the embedding model and a
 * started kernel over them, opened on first use and closed when Quarkus stops.
 */
@ApplicationScoped
public class ServedMnemos {

    @ConfigProperty(name = "mnemos.serve.data-dir")
    Optional<Path> dataDir;

    @ConfigProperty(name = "mnemos.serve.model")
    Optional<Path> model;

    @ConfigProperty(name = "mnemos.serve.threads", defaultValue = "4")
    int threads;

    /** {@code --device}: where a local model runs (auto, cpu or cuda). */
    @ConfigProperty(name = "mnemos.serve.device", defaultValue = "cpu")
    String device;

    /** Also read from the environment as {@code MNEMOS_PG_URL} and {@code MNEMOS_PG_SCHEMA} (MicroProfile Config's mapping). */
    @ConfigProperty(name = "mnemos.pg-url")
    Optional<String> pgUrl;

    @ConfigProperty(name = "mnemos.pg-schema")
    Optional<String> pgSchema;

    @ConfigProperty(name = "mnemos.api-keys")
    Optional<String> apiKeys;

    @Inject
    ServeCluster cluster;

    /** What a local model may write per step; kept out of the window so that prompt and answer fit its context. */
    private static final int OUTPUT_TOKENS = 256;

    private ApiKeys keys;
    private StorageChoice storage;
    private Optional<LlmChoice> llm;
    private MemoryStore store;
    private LanguageModels models;
    private EmbeddingModel embeddings;
    private AgentRuntime runtime;

    /** The API keys; parsed once. */
    public synchronized ApiKeys keys() {
        if (keys == null) {
            keys = ApiKeys.parse(apiKeys.orElse(null));
        }
        return keys;
    }

    public synchronized Optional<LlmChoice> llm() {
        if (llm == null) {
            llm = LlmChoice.from(model.orElse(null), System.getenv());
        }
        return llm;
    }

    public synchronized StorageChoice storage() {
        if (storage == null) {
            Map<String, String> env = new HashMap<>(System.getenv());
            pgUrl.ifPresent(url -> env.put("MNEMOS_PG_URL", url));
            pgSchema.ifPresent(schema -> env.put("MNEMOS_PG_SCHEMA", schema));
            storage = StorageChoice.from(dataDir.orElse(null), env);
        }
        return storage;
    }

    /** The started kernel and its store; opens them on first use. */
    public synchronized AgentRuntime runtime() {
        if (runtime == null) {
            ChatModel chat = models().map(LanguageModels::chat).orElse(NO_LLM);
            // Everything this monitor guards is read here: the start runs on another thread, which must not call back.
            MemoryStore opened = store();
            EmbeddingModel embedder = embeddings();
            Optional<LanguageModels> llmModels = models();
            StorageChoice shared = storage();
            runtime = OffContext.run(() -> AgentRuntime.start(opened, chat, embedder, ToolRegistry.standard(), TreeShape.DEFAULT, b -> {
                llmModels.ifPresent(m -> m.configure(b));
                return cluster.join(b, shared);
            }));
        }
        return runtime;
    }

    /** Where a local model runs, as {@code --device} asks ({@link Device#choose} fails with the reason if it cannot). */
    private Device device() {
        return llm().isPresent() && llm().get() instanceof LlmChoice.LocalModel ? Device.choose(device).device() : Device.CPU;
    }

    /** The LLM's models, or empty when none is configured. */
    public synchronized Optional<LanguageModels> models() {
        if (models == null && llm().isPresent()) {
            try {
                models = LanguageModels.open(llm().get(), System.getenv(), Math.max(1, Math.min(threads, Runtime.getRuntime().availableProcessors())),
                        device());
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open the model: " + e.getMessage(), e);
            }
        }
        return Optional.ofNullable(models);
    }

    /**
     * {@code config} fitted to a local model's context (the default window of 8192 tokens would not
     * fit a small model); unchanged for an endpoint, whose window the kernel cannot know.
     */
    public AgentConfig fit(AgentConfig config) {
        return models().map(LanguageModels::local)
                .map(local -> {
                    AgentConfig fitted = config.withContextWindowTokens(Math.min(config.contextWindowTokens(), local.contextLength() - OUTPUT_TOKENS));
                    return new AgentConfig(fitted.systemPrompt(), fitted.contextWindowTokens(), fitted.modelName(), fitted.temperature(),
                            OUTPUT_TOKENS, fitted.pager(), fitted.maxStepsPerInterrupt(), fitted.tools());
                })
                .orElse(config);
    }

    /** The LLM's id in {@code /v1/models}: a local model's file name without {@code .gguf}, else the endpoint's model. */
    public Optional<String> modelId() {
        return llm().map(choice -> switch (choice) {
            case LlmChoice.LocalModel m -> m.file().getFileName().toString().replaceFirst("\\.gguf$", "");
            case LlmChoice.OpenAiCompatible o -> o.model();
            case LlmChoice.Ollama o -> o.model();
            case LlmChoice.Anthropic a -> a.model();
        });
    }

    public synchronized EmbeddingModel embeddings() {
        if (embeddings == null) {
            embeddings = new AllMiniLmL6V2QuantizedEmbeddingModel();
        }
        return embeddings;
    }

    public synchronized MemoryStore store() {
        if (store == null) {
            store = switch (storage()) {
                case StorageChoice.Embedded e -> {
                    try {
                        Files.createDirectories(e.directory().path());
                        yield SqliteMemoryStore.open(e.directory().database());
                    } catch (IOException ex) {
                        throw new UncheckedIOException("cannot open the embedded store: " + ex.getMessage(), ex);
                    }
                }
                case StorageChoice.Postgres p -> OffContext.run(() -> PostgresMemoryStore.open(p.settings()));
            };
        }
        return store;
    }

    /** True when this is one node of several ({@link ServeCluster}). */
    public boolean shared() {
        return cluster.enabled();
    }

    /** One line: storage, LLM and keys. */
    public String describe() {
        return storage().describe() + "; llm: " + llm().map(LlmChoice::describe).orElse("none (agents can be created and read, not messaged)")
                + "; " + cluster.describe() + "; " + (keys().open() ? "no API keys (open: every caller is organisation '" + ApiKeys.OPEN + "')" : keys().organizations().size() + " API keys");
    }

    synchronized void close(@Observes ShutdownEvent event) {
        if (runtime != null) {
            runtime.close();
        }
        cluster.close();
        if (models != null) {
            models.close();
        }
        if (store != null) {
            store.close();
        }
    }

    /** The kernel needs a model to start; without one, the message routes answer 503 before reaching it. */
    private static final ChatModel NO_LLM = new ChatModel() {
        @Override
        public ChatResponse doChat(ChatRequest request) {
            throw new IllegalStateException(LlmChoice.HOW_TO_CONFIGURE);
        }
    };
}
