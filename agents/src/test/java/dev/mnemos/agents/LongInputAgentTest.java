package dev.mnemos.agents;

import static dev.mnemos.agents.ScriptedModel.call;
import static dev.mnemos.agents.ScriptedModel.lastToolResult;
import static dev.mnemos.agents.ScriptedModel.lastUserText;
import static dev.mnemos.agents.ScriptedModel.say;
import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.mnemos.kernel.process.AgentConfig;
import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.sqlite.SqliteMemoryStore;
import dev.mnemos.memory.structured.MemorySchema;
import dev.mnemos.tools.ToolRegistry;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** End to end with a scripted LLM: a long-input agent reads a 3,000-line log through PRISM and answers from its memory. */
class LongInputAgentTest {

    private static final AgentKey WATCH = new AgentKey("acme", "watch");

    @TempDir
    Path dir;

    /** PRISM's reader: one update per ERROR line of the chunk. */
    private static String reader(String prompt) {
        String chunk = prompt.substring(prompt.lastIndexOf("\"\"\"", prompt.lastIndexOf("\"\"\"") - 1));
        return chunk.lines().filter(l -> l.contains(" ERROR "))
                .map(l -> "add /events/- {\"level\": \"ERROR\", \"message\": \"" + l.substring(l.indexOf("ERROR ") + 6) + "\"}")
                .collect(Collectors.joining("\n"));
    }

    private static AiMessage analyst(ChatRequest request) {
        String last = lastUserText(request);
        if (last.startsWith("Which errors")) {
            return call("structured_memory_read", Map.of("name", LongInputAgent.MEMORY, "request_heartbeat", true));
        }
        if (last.startsWith("[system] heartbeat")) {
            return say(lastToolResult(request).contains("disk full on /var") ? "One error: disk full on /var." : "No errors.");
        }
        return say("ok");
    }

    @Test
    void should_answer_from_the_structured_memory_when_a_long_log_was_read() throws Exception {
        var model = new ScriptedModel(LongInputAgentTest::analyst, LongInputAgentTest::reader);
        Stream<String> log = IntStream.range(0, 3000).mapToObj(i -> i == 2345
                ? "2026-03-01T10:39:05Z ERROR disk full on /var"
                : "2026-03-01T10:" + String.format("%02d", i / 60 % 60) + ":00Z INFO request " + i + " served in 12 ms");
        try (var store = SqliteMemoryStore.open(dir.resolve("mnemos.db"));
             var runtime = AgentRuntime.start(store, model, null, ToolRegistry.standard())) {
            var agent = new LongInputAgent(runtime);
            agent.spawn(WATCH, "Watch", MemorySchema.builtIn("log"), "the errors of a web server's log", AgentConfig.DEFAULT);

            var run = agent.read(WATCH, "the errors of a web server's log", log);
            var reply = runtime.kernel().blocking(AgentRuntime.TIMEOUT).send(WATCH, "Which errors did the log show?");

            assertThat(run.applied()).isEqualTo(1);
            assertThat(run.rejected()).isEmpty();
            assertThat(model.promptCalls.get()).isGreaterThan(10);
            assertThat(reply.messages()).containsExactly("One error: disk full on /var.");
        }
    }
}
