package dev.mnemos.kernel;

import static dev.mnemos.kernel.testing.ScriptedChatModel.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.mnemos.kernel.context.ContextMessage;
import dev.mnemos.kernel.context.ContextRenderer;
import dev.mnemos.kernel.context.Prompts;
import dev.mnemos.kernel.context.TokenBreakdown;
import dev.mnemos.memory.ApproximateTokenCountEstimator;
import dev.mnemos.kernel.event.StepEvent;
import dev.mnemos.kernel.pager.Pager;
import dev.mnemos.kernel.pager.PagerThresholds;
import dev.mnemos.kernel.process.AgentConfig;
import dev.mnemos.kernel.testing.Requests;
import dev.mnemos.kernel.testing.ScriptedChatModel;
import dev.mnemos.kernel.testing.TestKernel;
import dev.mnemos.memory.recall.Message;
import dev.mnemos.memory.recall.Role;
import dev.mnemos.memory.recall.ToolCall;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PagerTest {

    private static final AgentConfig SMALL_WINDOW = AgentConfig.DEFAULT.withContextWindowTokens(2000);
    private static final String FILLER = "Here is some more of my day, told at length so that the window fills up. ".repeat(4);

    @Test
    void should_save_to_core_memory_when_memory_pressure_warns_the_llm() {
        var model = new ScriptedChatModel().otherwise(r -> Requests.lastText(r).startsWith("[system] memory pressure")
                ? call("core_memory_append", "{\"label\": \"human\", \"content\": \"Ada likes green tea\"}")
                : call("send_message", "{\"message\": \"I see.\"}"));
        try (var t = TestKernel.start(model, SMALL_WINDOW)) {
            AssertSubscriber<StepEvent> events = t.kernel().events(t.agent()).subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
            t.blocking().send(t.agent(), "I am Ada and I like green tea. " + FILLER);
            while (t.blocking().inspect(t.agent()).tokens().fill() < SMALL_WINDOW.pager().warning()) {
                t.blocking().send(t.agent(), FILLER);
            }
            KernelStepTest.awaitQuiet(t);

            assertThat(model.requests()).anyMatch(r -> Requests.lastText(r).contains("memory pressure: your context window is"));
            assertThat(t.blocking().process(t.agent()).block("human").orElseThrow().value()).isEqualTo("Ada likes green tea");
            assertThat(events.getItems()).filteredOn(e -> e instanceof StepEvent.Paged p && p.pressure()).hasSize(1);
        }
    }

    @Test
    void should_evict_into_the_summary_and_find_the_evicted_message_again_when_the_window_overflows() {
        var model = new ScriptedChatModel()
                .summaries(prompt -> "The user talked about their day at length.")
                .otherwise(r -> {
                    String last = Requests.lastText(r);
                    if (last.startsWith("What was the code")) {
                        return AiMessage.from(ToolExecutionRequest.builder().id("search-1").name("conversation_search")
                                .arguments("{\"query\": \"secret code\", \"request_heartbeat\": true}").build());
                    }
                    if (last.startsWith("[system] heartbeat")) {
                        String found = Requests.toolResults(r).getLast();
                        return call("send_message", "{\"message\": \"" + (found.contains("4711") ? "It was 4711." : "I do not know.") + "\"}");
                    }
                    return last.startsWith("[system]") ? AiMessage.from("noted") : call("send_message", "{\"message\": \"I see.\"}");
                });
        try (var t = TestKernel.start(model, SMALL_WINDOW)) {
            t.blocking().send(t.agent(), "Remember this: the secret code is 4711.");
            String firstId = t.blocking().process(t.agent()).messages().getFirst().message().id();
            while (t.blocking().process(t.agent()).summary().isEmpty()) {
                t.blocking().send(t.agent(), FILLER);
            }
            KernelStepTest.awaitQuiet(t);
            var process = t.blocking().process(t.agent());
            assertThat(process.messages()).noneMatch(m -> m.message().id().equals(firstId));
            assertThat(process.summary()).isEqualTo("The user talked about their day at length.");
            assertThat(t.blocking().inspect(t.agent()).tokens().fill()).isLessThan(SMALL_WINDOW.pager().flush());
            assertThat(model.summaryRequests().getFirst().messages().getFirst())
                    .satisfies(m -> assertThat(((UserMessage) m).singleText()).contains("the secret code is 4711"));

            Reply reply = t.blocking().send(t.agent(), "What was the code?");

            assertThat(reply.messages()).containsExactly("It was 4711.");
        }
    }

    @Test
    void should_never_split_a_tool_call_from_its_result_when_evicting() {
        var renderer = new ContextRenderer(new ApproximateTokenCountEstimator(), Prompts.standard());
        List<ContextMessage> queue = new ArrayList<>();
        Instant at = Instant.parse("2024-01-01T00:00:00Z");
        for (int i = 0; i < 10; i++) {
            queue.add(renderer.queued(Message.of("u" + i, Role.USER, "x".repeat(400), at, "s" + i)));
            queue.add(renderer.queued(new Message("a" + i, Role.ASSISTANT, "", List.of(new ToolCall("c" + i, "send_message", "{}")),
                    null, null, at, "s" + i, 0)));
            queue.add(renderer.queued(new Message("t" + i, Role.TOOL, "y".repeat(400), List.of(), "c" + i, "send_message", at, "s" + i, 0)));
        }
        int queued = queue.stream().mapToInt(ContextMessage::tokens).sum();
        for (int limit = 800; limit <= 4000; limit += 37) {
            var tokens = new TokenBreakdown(100, 50, 20, 0, queued, 200, 0, limit);

            int count = Pager.evictionCount(queue, tokens, PagerThresholds.DEFAULT, 1, 50);

            assertThat(count).isBetween(0, queue.size() - 1);
            assertThat(queue.get(count).message().role()).isNotEqualTo(Role.TOOL);
            int after = tokens.total() - queue.subList(0, count).stream().mapToInt(ContextMessage::tokens).sum() + 50;
            assertThat(after <= limit / 2 || count >= queue.size() - 3).as("evicted enough at limit " + limit).isTrue();
        }
    }

    @Test
    void should_decide_by_the_thresholds_when_the_window_fills() {
        var t = PagerThresholds.DEFAULT;
        assertThat(Pager.decide(new TokenBreakdown(0, 0, 0, 0, 690, 0, 0, 1000), t, false)).isEqualTo(Pager.Action.NONE);
        assertThat(Pager.decide(new TokenBreakdown(0, 0, 0, 0, 700, 0, 0, 1000), t, false)).isEqualTo(Pager.Action.PRESSURE);
        assertThat(Pager.decide(new TokenBreakdown(0, 0, 0, 0, 700, 0, 0, 1000), t, true)).isEqualTo(Pager.Action.NONE);
        assertThat(Pager.decide(new TokenBreakdown(0, 0, 0, 0, 1000, 0, 0, 1000), t, true)).isEqualTo(Pager.Action.FLUSH);
    }
}
