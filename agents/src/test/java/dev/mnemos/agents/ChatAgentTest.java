package dev.mnemos.agents;

import static dev.mnemos.agents.ScriptedModel.call;
import static dev.mnemos.agents.ScriptedModel.lastToolResult;
import static dev.mnemos.agents.ScriptedModel.lastUserText;
import static dev.mnemos.agents.ScriptedModel.say;
import static dev.mnemos.agents.ScriptedModel.system;
import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.mnemos.kernel.Reply;
import dev.mnemos.kernel.context.Prompts;
import dev.mnemos.kernel.process.AgentConfig;
import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.sqlite.SqliteMemoryStore;
import dev.mnemos.tools.ToolRegistry;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end with a scripted LLM: a chat agent on SQLite keeps facts through 500 turns, an overflowing window and a restart. */
class ChatAgentTest {

    private static final AgentKey SAM = new AgentKey("acme", "sam");
    private static final String FILLER = "Today I walked along the canal again and counted the barges, nothing special happened. ";
    private static final Pattern CODE = Pattern.compile("locker code is (\\d+)");

    @TempDir
    Path dir;

    /** Saves the cat's name to core memory when told; answers questions from core memory or by searching recall. */
    private static AiMessage companion(ChatRequest request) {
        String last = lastUserText(request);
        if (last.startsWith("My cat is called")) {
            return call("core_memory_append", Map.of("label", "human", "content", "Their cat is called Pixel."));
        }
        if (last.startsWith("What is my cat called")) {
            return say(system(request).contains("Their cat is called Pixel.") ? "Your cat is Pixel." : "I do not know.");
        }
        if (last.startsWith("What was my locker code")) {
            return call("conversation_search", Map.of("query", "locker code", "request_heartbeat", true));
        }
        if (last.startsWith("[system] heartbeat")) {
            Matcher code = CODE.matcher(lastToolResult(request));
            return say(code.find() ? "It was " + code.group(1) + "." : "I could not find it.");
        }
        return last.startsWith("[system]") ? AiMessage.from("noted") : say("I see.");
    }

    @Test
    void should_remember_facts_through_500_turns_and_a_restart_when_the_window_overflows() throws Exception {
        var model = new ScriptedModel(ChatAgentTest::companion, prompt -> "The user told of long walks along the canal.");
        // The chat agent's prompt and tool schemas take about 2,100 of the estimated tokens: 3,000 leave room for a few turns.
        AgentConfig small = AgentConfig.DEFAULT.withContextWindowTokens(3000);
        String firstMessageId;
        try (var store = SqliteMemoryStore.open(dir.resolve("mnemos.db"));
             var runtime = AgentRuntime.start(store, model, null, ToolRegistry.standard())) {
            new ChatAgent(runtime).spawn(SAM, "Sam", ChatAgent.defaultPersona(), "", small);
            var kernel = runtime.kernel().blocking(AgentRuntime.TIMEOUT);
            kernel.send(SAM, "My cat is called Pixel.");
            kernel.send(SAM, "Note for later: my locker code is 4711.");
            firstMessageId = kernel.process(SAM).messages().getFirst().message().id();
            for (int turn = 0; turn < 500; turn++) {
                assertThat(kernel.send(SAM, FILLER + "Turn " + turn + ".").status()).isEqualTo(Reply.Status.ANSWERED);
            }
            var process = kernel.process(SAM);
            assertThat(process.summary()).isNotEmpty();
            assertThat(process.messages()).noneMatch(m -> m.message().id().equals(firstMessageId));
            assertThat(kernel.inspect(SAM).tokens().total()).isLessThanOrEqualTo(3000);
        }

        try (var store = SqliteMemoryStore.open(dir.resolve("mnemos.db"));
             var runtime = AgentRuntime.start(store, model, null, ToolRegistry.standard())) {
            var kernel = runtime.kernel().blocking(AgentRuntime.TIMEOUT);

            assertThat(kernel.send(SAM, "What is my cat called?").messages()).containsExactly("Your cat is Pixel.");
            assertThat(kernel.send(SAM, "What was my locker code?").messages()).containsExactly("It was 4711.");
            assertThat(store.recall().count(SAM).await().atMost(AgentRuntime.TIMEOUT)).isGreaterThan(1000);
        }
    }

    @Test
    void should_teach_the_llm_its_memory_with_a_prompt_richer_than_the_kernels_when_spawned() throws Exception {
        var model = new ScriptedModel(r -> say("hello"), p -> "");
        try (var store = SqliteMemoryStore.open(dir.resolve("mnemos.db"));
             var runtime = AgentRuntime.start(store, model, null, ToolRegistry.standard())) {
            var process = new ChatAgent(runtime).spawn(SAM, "Sam");

            String kernelPrompt = Prompts.standard().systemPrompt();
            assertThat(process.config().systemPrompt()).startsWith(kernelPrompt).contains("The human block is what you know")
                    .hasSizeGreaterThan(kernelPrompt.length() * 3 / 2);
            assertThat(process.type()).isEqualTo(ChatAgent.TYPE);
            assertThat(process.block("persona").orElseThrow().value()).startsWith("I am Sam.");
            assertThat(process.config().tools()).containsExactly("send_message", "core_memory_append", "core_memory_replace",
                    "conversation_search", "archival_memory_insert", "archival_memory_search", "memory_walk");
        }
    }
}
