package dev.mnemos.cli.llm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.mnemos.agents.AgentRuntime;
import dev.mnemos.agents.ChatAgent;
import dev.mnemos.inference.generation.LocalModel;
import dev.mnemos.inference.generation.PrefillStatistics;
import dev.mnemos.inference.langchain4j.LocalChatModel;
import dev.mnemos.inference.langchain4j.LocalStreamingChatModel;
import dev.mnemos.inference.langchain4j.LocalTokenCountEstimator;
import dev.mnemos.inference.sampling.SamplerConfig;
import dev.mnemos.kernel.BlockingKernel;
import dev.mnemos.kernel.Reply;
import dev.mnemos.kernel.context.ContextRenderer;
import dev.mnemos.kernel.context.ContextWindow;
import dev.mnemos.kernel.context.Prompts;
import dev.mnemos.kernel.event.StepEvent;
import dev.mnemos.kernel.pager.PagerThresholds;
import dev.mnemos.kernel.process.AgentConfig;
import dev.mnemos.kernel.process.AgentProcess;
import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.core.Block;
import dev.mnemos.memory.sqlite.SqliteMemoryStore;
import dev.mnemos.memory.tree.TreeShape;
import dev.mnemos.tools.ToolRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The main context of a chat agent on the real stories260K model (a 2,048-token context, greedy sampling)
 * as {@code mnemos chat} and {@code mnemos serve} wire it: every step's prompt, as the model's own
 * template and tokenizer render it, stays inside the model's context with room for the answer, the
 * kernel's count of it is exact, a message longer than the whole context fails its step at once
 * without stopping the conversation, and a step's prompt starts with everything the previous step's
 * held before its statistics note, so the KV session prefills only what came after, and two agents that take turns
 * keep a KV session each. The chat agent as {@code mnemos chat} spawns it gets the compact system prompt there, and
 * a conversation with it goes on past its second message.
 */
class LocalContextFitTest {

    private static final Path MODEL = Path.of(System.getProperty("mnemos.shared.models", "../shared/models")).resolve("stories260K.gguf");
    private static final String STORY = "Once upon a time there was a little girl named Lily who liked to play in the park"
            + " with her dog Max. One day they found a big red ball under a tree and played with it until the sun went down.";

    @TempDir
    Path dir;

    private SqliteMemoryStore store;
    private LanguageModels models;
    private AgentRuntime runtime;
    private final AgentKey agent = new AgentKey("org", "lily");
    private final List<StepEvent> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        store = SqliteMemoryStore.open(dir.resolve("mnemos.db"));
        LocalModel model = LocalModel.open(MODEL, LocalModel.Options.defaults().withThreads(1));
        SamplerConfig greedy = SamplerConfig.greedy();
        models = new LanguageModels(LocalChatModel.of(model, greedy), LocalStreamingChatModel.of(model, greedy),
                LocalTokenCountEstimator.of(model), model);
        runtime = AgentRuntime.start(store, models.chat(), null, ToolRegistry.standard(), TreeShape.DEFAULT, models::configure);
        // The kernel's own system prompt and the default window of 8192 tokens, four times the model's context:
        // the kernel must keep inside the model's.
        runtime.kernel().blocking(Duration.ofMinutes(1)).spawn(agent, "lily", ChatAgent.TYPE, AgentConfig.DEFAULT, List.of(
                new Block("persona", ChatAgent.defaultPersona(), ChatAgent.BLOCK_LIMIT, false, "who you are", 0),
                new Block("human", "", ChatAgent.BLOCK_LIMIT, false, "who you talk to", 0)));
        runtime.kernel().events(agent).subscribe().with(e -> {
            if (!(e instanceof StepEvent.TokenDelta)) {
                events.add(e);
            }
        });
    }

    @AfterEach
    void stop() {
        runtime.close();
        models.close();
        store.close();
    }

    @Test
    void should_keep_every_prompt_inside_the_models_context_when_a_conversation_outgrows_it() {
        BlockingKernel kernel = runtime.kernel().blocking(Duration.ofMinutes(5));
        int context = models.local().contextLength();
        int window = context - ContextRenderer.ANSWER_TOKENS;

        for (int i = 1; i <= 4; i++) {
            assertThat(kernel.send(agent, STORY + " This is part " + i + " of the story.").status()).isEqualTo(Reply.Status.ANSWERED);
        }

        List<StepEvent.Usage> usage = events.stream().filter(StepEvent.Usage.class::isInstance).map(StepEvent.Usage.class::cast).toList();
        assertThat(usage).hasSizeGreaterThanOrEqualTo(4);
        assertThat(usage).allSatisfy(u -> {
            assertThat(u.inputTokens()).as("the prompt the model got").isLessThanOrEqualTo(window);
            assertThat(u.windowTokens()).as("the kernel's count of that prompt").isEqualTo(u.inputTokens());
            assertThat(u.inputTokens() + u.outputTokens()).isLessThanOrEqualTo(context);
        });
        assertThat(events).as("the conversation outgrew the window and was paged")
                .anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(StepEvent.Paged.class, p -> assertThat(p.evictedMessages()).isPositive()));
        assertThat(events).noneMatch(StepEvent.Failed.class::isInstance);
        assertThat(kernel.inspect(agent).tokens().limit()).isEqualTo(window);
    }

    @Test
    void should_prefill_only_what_follows_the_first_message_when_the_second_step_runs() {
        BlockingKernel kernel = runtime.kernel().blocking(Duration.ofMinutes(5));
        AgentKey max = spawnShortAnswering(kernel, "max");
        String first = "Once upon a time there was a little girl named Lily who liked to play in the park with her dog Max.";
        int heldTokens = heldAfterFirstStep(kernel, max, first);

        assertThat(kernel.send(max, first).status()).isEqualTo(Reply.Status.ANSWERED);
        PrefillStatistics afterFirst = models.local().prefills();
        assertThat(kernel.send(max, "One day they found a big red ball under a tree.").status()).isEqualTo(Reply.Status.ANSWERED);
        PrefillStatistics second = models.local().prefills().since(afterFirst);

        assertThat(second.prompts()).isEqualTo(1);
        assertThat(second.reusedTokens()).as("prompt tokens of the second step whose KV the session held (of %d)", second.promptTokens())
                .isGreaterThanOrEqualTo(heldTokens - 1);
        assertThat(second.prefilledTokens()).isPositive();
    }

    @Test
    void should_reuse_each_agents_own_prefix_when_two_agents_with_one_system_prompt_take_turns() {
        BlockingKernel kernel = runtime.kernel().blocking(Duration.ofMinutes(5));
        AgentKey max = spawnShortAnswering(kernel, "max");
        AgentKey tom = spawnShortAnswering(kernel, "tom");
        String maxFirst = "Once upon a time there was a little girl named Lily who liked to play in the park with her dog Max.";
        String tomFirst = "Tom was a big cat who lived in a small house by the sea and liked to sleep in the sun all day.";
        int maxHeld = heldAfterFirstStep(kernel, max, maxFirst);
        int tomHeld = heldAfterFirstStep(kernel, tom, tomFirst);

        assertThat(kernel.send(max, maxFirst).status()).isEqualTo(Reply.Status.ANSWERED);
        assertThat(kernel.send(tom, tomFirst).status()).isEqualTo(Reply.Status.ANSWERED);
        PrefillStatistics before = models.local().prefills();
        assertThat(kernel.send(max, "One day they found a big red ball under a tree.").status()).isEqualTo(Reply.Status.ANSWERED);
        PrefillStatistics maxSecond = models.local().prefills().since(before);
        before = models.local().prefills();
        assertThat(kernel.send(tom, "One day Tom saw a little bird on the roof.").status()).isEqualTo(Reply.Status.ANSWERED);
        PrefillStatistics tomSecond = models.local().prefills().since(before);

        assertThat(maxSecond.prompts()).isEqualTo(1);
        assertThat(maxSecond.reusedTokens()).as("max's second step reuses max's first prompt, not only the shared system prompt (of %d)",
                maxSecond.promptTokens()).isGreaterThanOrEqualTo(maxHeld - 1);
        assertThat(tomSecond.prompts()).isEqualTo(1);
        assertThat(tomSecond.reusedTokens()).as("tom's second step reuses tom's first prompt (of %d)", tomSecond.promptTokens())
                .isGreaterThanOrEqualTo(tomHeld - 1);
    }

    /** An agent with the blocks (so the system message) of lily's, short answers and no memory pressure: each message is one step, one model call. */
    private AgentKey spawnShortAnswering(BlockingKernel kernel, String name) {
        var config = new AgentConfig(null, AgentConfig.DEFAULT.contextWindowTokens(), null, null, 32, new PagerThresholds(1.0, 1.0, 0.5, 0.15),
                AgentConfig.DEFAULT.maxStepsPerInterrupt(), List.of());
        AgentKey key = new AgentKey("org", name);
        kernel.spawn(key, name, ChatAgent.TYPE, config, kernel.process(agent).blocks());
        return key;
    }

    /** The tokens of the first step's prompt up to its statistics note: the system message, then the first message. */
    private int heldAfterFirstStep(BlockingKernel kernel, AgentKey key, String first) {
        ContextWindow before = kernel.inspect(key);
        List<ChatMessage> held = List.of(before.messages().getFirst(), UserMessage.from(first));
        return ((LocalTokenCountEstimator) models.tokenCounter()).estimateTokenCountInPrompt(held, before.tools());
    }

    @Test
    void should_answer_every_message_when_the_chat_agent_talks_through_a_model_of_a_small_context() {
        BlockingKernel kernel = runtime.kernel().blocking(Duration.ofMinutes(5));
        AgentKey sam = new AgentKey("org", "sam");
        List<StepEvent> samEvents = new CopyOnWriteArrayList<>();
        runtime.kernel().events(sam).subscribe().with(e -> {
            if (!(e instanceof StepEvent.TokenDelta)) {
                samEvents.add(e);
            }
        });
        int window = models.local().contextLength() - ContextRenderer.ANSWER_TOKENS;

        AgentProcess process = new ChatAgent(runtime).spawn(sam, "sam");
        List<Reply> replies = List.of(
                kernel.send(sam, "Hello, my name is Tom and I have a dog called Max."),
                kernel.send(sam, "Max likes to play with a big red ball in the park."),
                kernel.send(sam, "What is the name of my dog?"));

        assertThat(models.local().contextLength()).isEqualTo(2048);
        assertThat(process.config().systemPrompt()).startsWith(Prompts.standard().compactSystemPrompt());
        assertThat(replies).extracting(Reply::status).containsOnly(Reply.Status.ANSWERED);
        assertThat(samEvents).noneMatch(StepEvent.Failed.class::isInstance);
        assertThat(samEvents).filteredOn(StepEvent.Usage.class::isInstance).map(StepEvent.Usage.class::cast)
                .isNotEmpty().allSatisfy(u -> assertThat(u.inputTokens()).isLessThanOrEqualTo(window));
        String system = ((SystemMessage) kernel.inspect(sam).messages().getFirst()).text();
        assertThat(system).as("core memory, whole").contains(ChatAgent.defaultPersona());
    }

    @Test
    void should_fail_a_message_longer_than_the_context_at_once_and_answer_the_next_one() {
        BlockingKernel kernel = runtime.kernel().blocking(Duration.ofMinutes(5));
        String tooLong = (STORY + " ").repeat(40);
        assertThat(models.tokenCounter().estimateTokenCountInText(tooLong)).isGreaterThan(models.local().contextLength());

        Reply failed = kernel.send(agent, tooLong);
        Reply next = kernel.send(agent, STORY);

        assertThat(failed.status()).isEqualTo(Reply.Status.FAILED);
        List<StepEvent.Failed> failures = events.stream().filter(StepEvent.Failed.class::isInstance).map(StepEvent.Failed.class::cast).toList();
        assertThat(failures).singleElement().satisfies(f -> {
            assertThat(f.retrying()).as("a prompt too long is not sent again").isFalse();
            assertThat(f.step().origin()).isEqualTo(failed.interruptId());
            assertThat(f.reason()).contains("does not fit the model", "prompt is too long");
        });
        assertThat(next.status()).isEqualTo(Reply.Status.ANSWERED);
    }
}
