package dev.mnemos.cli.llm;

import dev.mnemos.agents.AgentRuntime;
import dev.mnemos.agents.ChatAgent;
import dev.mnemos.inference.generation.LocalModel;
import dev.mnemos.inference.generation.PrefillStatistics;
import dev.mnemos.inference.langchain4j.LocalChatModel;
import dev.mnemos.inference.langchain4j.LocalStreamingChatModel;
import dev.mnemos.inference.langchain4j.LocalTokenCountEstimator;
import dev.mnemos.inference.sampling.SamplerConfig;
import dev.mnemos.kernel.BlockingKernel;
import dev.mnemos.kernel.pager.PagerThresholds;
import dev.mnemos.kernel.process.AgentConfig;
import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.core.Block;
import dev.mnemos.memory.sqlite.SqliteMemoryStore;
import dev.mnemos.memory.tree.TreeShape;
import dev.mnemos.tools.ToolRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * What KV session reuse saves a chat agent on a local model (README, "KV session reuse"): a conversation
 * of N user messages with one agent, wired as {@code mnemos chat} wires it (greedy sampling, answers of
 * at most 32 tokens), then the prompt tokens of every model call it made (steps and summaries), how many
 * of them a KV session already held, how many were prefilled, and the wall time of the conversation.
 * Run with {@code scripts/bench-session-reuse [MODEL=../shared/models/stories260K.gguf] [MESSAGES=10] [THREADS=1]}.
 */
public final class SessionReuseBench {

    private static final String[] STORY = {
        "Once upon a time there was a little girl named Lily who liked to play in the park.",
        "She had a dog called Max who ran after every ball.",
        "One day they found a big red ball under a tree.",
        "Max took the ball and ran to the pond.",
        "Lily laughed and ran after him.",
        "The ball fell into the water with a splash.",
        "A kind duck swam to the ball and pushed it back.",
        "Lily thanked the duck and gave it some bread.",
        "Then the sun went down and they walked home.",
        "That night Lily dreamed of the duck and the red ball.",
    };

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args.length > 0 ? args[0] : "../shared/models/stories260K.gguf");
        int messages = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        int threads = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        Path dir = Files.createTempDirectory("mnemos-session-reuse");
        var config = new AgentConfig(null, AgentConfig.DEFAULT.contextWindowTokens(), null, null, 32, PagerThresholds.DEFAULT,
                AgentConfig.DEFAULT.maxStepsPerInterrupt(), List.of());
        var agent = new AgentKey("bench", "lily");
        LocalModel model = LocalModel.open(file, LocalModel.Options.defaults().withThreads(threads));
        SamplerConfig greedy = SamplerConfig.greedy();
        try (var store = SqliteMemoryStore.open(dir.resolve("mnemos.db"));
                var models = new LanguageModels(LocalChatModel.of(model, greedy), LocalStreamingChatModel.of(model, greedy),
                        LocalTokenCountEstimator.of(model), model);
                var runtime = AgentRuntime.start(store, models.chat(), null, ToolRegistry.standard(), TreeShape.DEFAULT, models::configure)) {
            BlockingKernel kernel = runtime.kernel().blocking(Duration.ofMinutes(10));
            kernel.spawn(agent, "lily", ChatAgent.TYPE, config, List.of(
                    new Block("persona", ChatAgent.defaultPersona(), ChatAgent.BLOCK_LIMIT, false, "who you are", 0),
                    new Block("human", "", ChatAgent.BLOCK_LIMIT, false, "who you talk to", 0)));
            PrefillStatistics before = model.prefills();
            long start = System.nanoTime();
            for (int i = 0; i < messages; i++) {
                kernel.send(agent, STORY[i % STORY.length]);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            PrefillStatistics run = model.prefills().since(before);
            System.out.printf(Locale.ROOT, "%s, %d messages, %d threads: %d model calls, %d prompt tokens, %d reused, %d prefilled (%.1f%%), %.2f s%n",
                    file.getFileName(), messages, threads, run.prompts(), run.promptTokens(), run.reusedTokens(), run.prefilledTokens(),
                    100.0 * run.prefilledTokens() / Math.max(1, run.promptTokens()), seconds);
        }
    }
}
