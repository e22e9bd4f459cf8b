package dev.mnemos.kernel.context;

import dev.mnemos.memory.ApproximateTokenCountEstimator;
import static dev.mnemos.kernel.testing.ScriptedChatModel.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
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
        ModelContext measure = written(1000);
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

    @Test
    void should_render_the_compact_system_prompt_and_first_sentences_of_tool_descriptions_but_all_of_core_memory_when_the_window_is_small() {
        var model = new ScriptedChatModel().otherwise(r -> call("send_message", "{\"message\": \"hello\"}"));
        ContextWindow large;
        try (var t = TestKernel.start(model, AgentConfig.DEFAULT, b -> b.modelContext(written(ContextRenderer.COMPACT_BELOW + ContextRenderer.ANSWER_TOKENS)))) {
            assertThat(t.kernel().windowTokens(AgentConfig.DEFAULT)).isEqualTo(ContextRenderer.COMPACT_BELOW);
            large = t.blocking().inspect(t.agent());
        }
        try (var t = TestKernel.start(model, AgentConfig.DEFAULT, b -> b.modelContext(written(2048)))) {
            assertThat(t.kernel().windowTokens(AgentConfig.DEFAULT)).isEqualTo(2048 - ContextRenderer.ANSWER_TOKENS);
            ContextWindow small = t.blocking().inspect(t.agent());

            String system = ((SystemMessage) small.messages().getFirst()).text();
            assertThat(system).startsWith(Prompts.standard().compactSystemPrompt()).doesNotContain(Prompts.standard().systemPrompt())
                    .contains("(who you are)\nI am Sam, a helpful assistant.\n</persona>").contains("<human characters=\"0/200\">");
            assertThat(((SystemMessage) large.messages().getFirst()).text()).startsWith(Prompts.standard().systemPrompt());
            assertThat(small.tools()).extracting(ToolSpecification::name).isEqualTo(large.tools().stream().map(ToolSpecification::name).toList());
            assertThat(description(small, "send_message")).isEqualTo("Sends a message to the user.");
            assertThat(description(large, "send_message")).isEqualTo(Prompts.standard().syscall("send_message"));
            assertThat(parameter(small, "conversation_search", "start_date")).as("a first sentence with an e.g. in it stays whole")
                    .isEqualTo(Prompts.standard().syscall("conversation_search.start_date"));
            assertThat(description(small, "core_memory_replace")).isEqualTo("Replaces text in a core memory block.");
            assertThat(small.tools()).allSatisfy(tool -> assertThat(tool.parameters().required())
                    .isEqualTo(large.tools().stream().filter(l -> l.name().equals(tool.name())).findFirst().orElseThrow().parameters().required()));
            assertThat(small.tokens().systemPrompt()).isLessThan(large.tokens().systemPrompt() / 2);

            assertThat(t.blocking().send(t.agent(), "first").messages()).containsExactly("hello");
            assertThat(model.requests().getLast().toolSpecifications()).as("what the model gets").isEqualTo(small.tools());
        }
    }

    private static String description(ContextWindow window, String tool) {
        return window.tools().stream().filter(t -> t.name().equals(tool)).findFirst().orElseThrow().description();
    }

    private static String parameter(ContextWindow window, String tool, String parameter) {
        var schema = window.tools().stream().filter(t -> t.name().equals(tool)).findFirst().orElseThrow().parameters().properties().get(parameter);
        return ((JsonStringSchema) schema).description();
    }

    /** A written measure: 100 tokens a message, 10 a tool, and a context of {@code context} positions. */
    private static ModelContext written(int context) {
        return new ModelContext() {
            @Override
            public int contextTokens() {
                return context;
            }

            @Override
            public int promptTokens(List<ChatMessage> messages, List<ToolSpecification> tools) {
                return 100 * messages.size() + 10 * tools.size();
            }
        };
    }
}
