package dev.mnemos.kernel.context;

import dev.mnemos.memory.ApproximateTokenCountEstimator;
import static dev.mnemos.kernel.testing.ScriptedChatModel.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.mnemos.kernel.process.AgentConfig;
import dev.mnemos.kernel.testing.Requests;
import dev.mnemos.kernel.testing.ScriptedChatModel;
import dev.mnemos.kernel.testing.TestKernel;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ContextWindowTest {

    @Test
    void should_show_the_exact_window_the_llm_gets_when_inspected() {
        var model = new ScriptedChatModel().otherwise(r -> call("send_message", "{\"message\": \"hello\"}"));
        var clock = InstantSource.fixed(Instant.parse("2024-05-01T10:00:00Z"));
        try (var t = TestKernel.start(model, AgentConfig.DEFAULT, b -> b.clock(clock))) {
            t.blocking().send(t.agent(), "first");
            ContextWindow inspected = t.blocking().inspect(t.agent());

            t.blocking().send(t.agent(), "second");

            var sent = model.requests().getLast();
            var expected = new ArrayList<>(inspected.messages());
            expected.add(expected.size() - 1, UserMessage.from("second"));
            assertThat(sent.messages()).as("the inspected window with the new message before the statistics note").isEqualTo(expected);
            assertThat(sent.toolSpecifications()).isEqualTo(inspected.tools());
        }
    }

    @Test
    void should_keep_the_previous_prompt_as_the_prefix_of_the_next_when_consecutive_steps_run() {
        var model = new ScriptedChatModel().otherwise(r -> call("send_message", "{\"message\": \"hello\"}"));
        var seconds = new AtomicLong();
        InstantSource ticking = () -> Instant.parse("2024-05-01T10:00:00Z").plusSeconds(seconds.incrementAndGet());
        try (var t = TestKernel.start(model, AgentConfig.DEFAULT, b -> b.clock(ticking))) {
            t.blocking().send(t.agent(), "first");
            t.blocking().send(t.agent(), "second");

            ChatRequest one = model.requests().get(0);
            ChatRequest two = model.requests().get(1);
            List<ChatMessage> kept = one.messages().subList(0, one.messages().size() - 1);
            assertThat(two.messages()).as("the first step's window, less its statistics note, starts the second's")
                    .startsWith(kept.toArray(ChatMessage[]::new));
            assertThat(Requests.statistics(two)).as("the clock and the counts moved").isNotEqualTo(Requests.statistics(one));
            // the same in characters, as a provider or a chat template sees the prompt
            String first = rendered(one.messages());
            String second = rendered(two.messages());
            int common = 0;
            while (common < Math.min(first.length(), second.length()) && first.charAt(common) == second.charAt(common)) {
                common++;
            }
            assertThat(common).as("characters the two prompts share from their start").isGreaterThanOrEqualTo(rendered(kept).length());
        }
    }

    private static String rendered(List<ChatMessage> messages) {
        return messages.stream().map(m -> m.type() + ": " + Requests.text(m) + "\n").collect(Collectors.joining());
    }

    @Test
    void should_lay_out_the_sections_and_count_each_when_rendering() {
        var model = new ScriptedChatModel().otherwise(r -> call("send_message", "{\"message\": \"hello\"}"));
        try (var t = TestKernel.start(model, AgentConfig.DEFAULT)) {
            t.blocking().send(t.agent(), "first");

            ContextWindow window = t.blocking().inspect(t.agent());

            String system = ((SystemMessage) window.messages().getFirst()).text();
            assertThat(system).startsWith(Prompts.standard().systemPrompt());
            assertThat(system).contains("### Core memory").contains("<human characters=\"0/200\">")
                    .contains("(who you are)\nI am Sam, a helpful assistant.\n</persona>")
                    .doesNotContain("messages in recall memory");
            assertThat(window.messages()).hasSize(5);
            String statistics = ((UserMessage) window.messages().getLast()).singleText();
            assertThat(statistics).startsWith("[system] memory statistics: ")
                    .contains("3 messages in recall memory").contains("0 passages in archival memory");
            var tokens = window.tokens();
            var estimator = new ApproximateTokenCountEstimator();
            assertThat(tokens.systemPrompt()).isEqualTo(estimator.estimateTokenCountInText(Prompts.standard().systemPrompt()));
            assertThat(tokens.messages()).isEqualTo(estimator.estimateTokenCountInMessages(window.messages().subList(1, 4)));
            assertThat(tokens.statistics()).isEqualTo(estimator.estimateTokenCountInText(statistics));
            assertThat(tokens.summary()).isZero();
            assertThat(tokens.tools()).isPositive();
            int sections = tokens.systemPrompt() + tokens.coreMemory() + tokens.statistics() + tokens.messages() + tokens.tools();
            assertThat(tokens.framing()).as("the estimate's allowance").isEqualTo((int) Math.ceil(sections * 0.10));
            assertThat(tokens.total()).isEqualTo(sections + tokens.framing());
            assertThat(tokens.limit()).isEqualTo(AgentConfig.DEFAULT.contextWindowTokens());
        }
    }

    @Test
    void should_count_the_window_as_the_model_renders_it_and_keep_it_inside_its_context_when_the_model_measures_its_prompt() {
        // A written measure: 100 tokens a message, 10 a tool, and a context of 1,000 positions.
        ModelContext measure = new ModelContext() {
            @Override
            public int contextTokens() {
                return 1000;
            }

            @Override
            public int promptTokens(List<ChatMessage> messages, List<ToolSpecification> tools) {
                return 100 * messages.size() + 10 * tools.size();
            }
        };
        var model = new ScriptedChatModel().otherwise(r -> call("send_message", "{\"message\": \"hello\"}"));
        try (var t = TestKernel.start(model, AgentConfig.DEFAULT, b -> b.modelContext(measure))) {
            ContextWindow window = t.blocking().inspect(t.agent());

            var tokens = window.tokens();
            assertThat(tokens.total()).isEqualTo(measure.promptTokens(window.messages(), window.tools()));
            assertThat(tokens.tools()).isEqualTo(10 * window.tools().size());
            assertThat(tokens.limit()).isEqualTo(1000 - ContextRenderer.ANSWER_TOKENS);
            t.blocking().reconfigure(t.agent(), AgentConfig.DEFAULT.withContextWindowTokens(600));
            assertThat(t.blocking().inspect(t.agent()).tokens().limit()).as("an agent's smaller window stands").isEqualTo(600);
        }
    }
}
