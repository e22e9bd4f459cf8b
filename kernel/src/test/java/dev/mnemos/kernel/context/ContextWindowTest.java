package dev.mnemos.kernel.context;

import dev.mnemos.memory.ApproximateTokenCountEstimator;
import static dev.mnemos.kernel.testing.ScriptedChatModel.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.mnemos.kernel.process.AgentConfig;
import dev.mnemos.kernel.testing.ScriptedChatModel;
import dev.mnemos.kernel.testing.TestKernel;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
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
            assertThat(sent.messages().subList(0, sent.messages().size() - 1)).isEqualTo(inspected.messages());
            assertThat(sent.toolSpecifications()).isEqualTo(inspected.tools());
        }
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
                    .contains("3 messages in recall memory").contains("0 passages in archival memory");
            assertThat(window.messages()).hasSize(4);
            var tokens = window.tokens();
            var estimator = new ApproximateTokenCountEstimator();
            assertThat(tokens.systemPrompt()).isEqualTo(estimator.estimateTokenCountInText(Prompts.standard().systemPrompt()));
            assertThat(tokens.messages()).isEqualTo(estimator.estimateTokenCountInMessages(window.messages().subList(1, 4)));
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
