package dev.mnemos.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.mnemos.kernel.process.AgentConfig;
import dev.mnemos.kernel.syscall.Syscall;
import dev.mnemos.kernel.syscall.SyscallArguments;
import dev.mnemos.kernel.syscall.SyscallContext;
import dev.mnemos.kernel.syscall.SyscallResult;
import dev.mnemos.kernel.syscall.ToolRule;
import dev.mnemos.kernel.testing.Requests;
import dev.mnemos.kernel.testing.ScriptedChatModel;
import dev.mnemos.kernel.testing.TestKernel;
import io.smallrye.mutiny.Uni;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class SyscallValidationTest {

    /** A syscall of another module, with rules. */
    private record Probe(String name, List<ToolRule> rules, boolean fails) implements Syscall {
        @Override
        public ToolSpecification specification() {
            return ToolSpecification.builder().name(name).description("a probe")
                    .parameters(JsonObjectSchema.builder().addStringProperty("note").build()).build();
        }

        @Override
        public Uni<SyscallResult> call(SyscallContext context, SyscallArguments arguments) {
            if (fails) {
                throw new IllegalStateException("the probe broke");
            }
            return Uni.createFrom().item(SyscallResult.ok("probed"));
        }
    }

    private static TestKernel kernel(ScriptedChatModel model, AgentConfig config) {
        return TestKernel.start(model, config, b -> b
                .syscall(new Probe("after_search", List.of(new ToolRule.AllowedAfter("conversation_search")), false))
                .syscall(new Probe("final_word", List.of(new ToolRule.EndsStep()), false))
                .syscall(new Probe("always_more", List.of(new ToolRule.RequiresHeartbeat()), false))
                .syscall(new Probe("broken", List.of(), true)));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            unknown name      | fly_to_the_moon     | {}                                                        | Error: there is no tool named 'fly_to_the_moon'
            bad JSON          | core_memory_append  | {"label": "human", "content": "x"                         | are not valid JSON
            not an object     | core_memory_append  | [1, 2]                                                    | expected an object
            wrong type        | core_memory_append  | {"label": 5, "content": "x"}                              | 'label' must be a string, got the number 5
            wrong heartbeat   | send_message        | {"message": "x", "request_heartbeat": "yes"}              | 'request_heartbeat' must be a boolean
            missing argument  | core_memory_append  | {"label": "human"}                                        | missing required parameter 'content'
            unknown argument  | core_memory_append  | {"label": "human", "content": "x", "mood": "happy"}       | unknown parameter 'mood'
            no such block     | core_memory_append  | {"label": "diary", "content": "x"}                        | there is no core memory block 'diary'
            past the limit    | core_memory_replace | {"label": "persona", "old_content": "Sam", "new_content": "%s"} | over its limit of 200
            missing old text  | core_memory_replace | {"label": "persona", "old_content": "Bob", "new_content": "x"}  | does not contain 'Bob'
            bad date          | conversation_search | {"start_date": "yesterday"}                               | a date must be ISO-8601
            negative page     | conversation_search | {"page": -1}                                              | page must be between 0 and
            allowed after     | after_search        | {}                                                        | after_search may be called only after conversation_search
            throwing syscall  | broken              | {}                                                        | Error: broken failed: the probe broke
            no embeddings     | archival_memory_insert | {"content": "x"}                                       | archival memory needs an embedding model
            """)
    void should_answer_with_an_error_and_go_on_when_a_syscall_is_bad(String kind, String tool, String arguments, String error) {
        var model = new ScriptedChatModel()
                .thenCall(tool, arguments.replace("%s", "y".repeat(250)))
                .thenCall("send_message", "{\"message\": \"recovered\"}");
        try (var t = kernel(model, AgentConfig.DEFAULT)) {
            Reply reply = t.blocking().send(t.agent(), "go");

            assertThat(reply.messages()).containsExactly("recovered");
            var second = model.requests().get(1);
            assertThat(Requests.toolResults(second).getLast()).contains(error);
            assertThat(Requests.lastText(second)).isEqualTo("[system] heartbeat: a tool call failed; read the error and try again");
            assertThat(t.blocking().process(t.agent()).block("persona").orElseThrow().value()).isEqualTo("I am Sam, a helpful assistant.");
        }
    }

    @Test
    void should_refuse_a_tool_outside_the_agents_tool_table() {
        var model = new ScriptedChatModel()
                .thenCall("archival_memory_search", "{\"query\": \"x\"}")
                .thenCall("send_message", "{\"message\": \"recovered\"}");
        try (var t = kernel(model, AgentConfig.DEFAULT.withTools(List.of("send_message", "conversation_search")))) {
            t.blocking().send(t.agent(), "go");

            assertThat(model.requests().getFirst().toolSpecifications()).extracting(ToolSpecification::name)
                    .containsExactly("send_message", "conversation_search");
            assertThat(Requests.toolResults(model.requests().get(1)).getLast())
                    .isEqualTo("Error: the tool 'archival_memory_search' is not enabled for this agent. Available tools: send_message, conversation_search.");
        }
    }

    @Test
    void should_allow_a_tool_once_the_tool_it_follows_ran_in_the_chain() {
        var model = new ScriptedChatModel()
                .thenCall("conversation_search", "{\"query\": \"x\", \"request_heartbeat\": true}")
                .thenCall("after_search", "{}")
                .thenCall("send_message", "{\"message\": \"never\"}");
        try (var t = kernel(model, AgentConfig.DEFAULT)) {
            Reply reply = t.blocking().send(t.agent(), "go");

            assertThat(reply.messages()).isEmpty();
            assertThat(model.requests()).hasSize(2);
        }
    }

    @Test
    void should_end_the_chain_when_a_tool_ends_the_step_even_if_a_heartbeat_was_asked() {
        var model = new ScriptedChatModel().thenCall("final_word", "{\"request_heartbeat\": true}");
        try (var t = kernel(model, AgentConfig.DEFAULT)) {
            t.blocking().send(t.agent(), "go");

            KernelStepTest.awaitQuiet(t);
            assertThat(model.requests()).hasSize(1);
        }
    }

    @Test
    void should_chain_a_step_when_a_tool_requires_a_heartbeat() {
        var model = new ScriptedChatModel().thenCall("always_more", "{}").thenCall("send_message", "{\"message\": \"done\"}");
        try (var t = kernel(model, AgentConfig.DEFAULT)) {
            Reply reply = t.blocking().send(t.agent(), "go");

            assertThat(reply.messages()).containsExactly("done");
            assertThat(Requests.lastText(model.requests().get(1))).isEqualTo("[system] heartbeat: tool always_more always chains another step");
        }
    }

    @Test
    void should_offer_a_syscall_added_to_the_running_kernel_only_to_agents_that_name_it() {
        var model = new ScriptedChatModel()
                .thenCall("late_tool", "{\"note\": \"x\", \"request_heartbeat\": true}")
                .thenCall("send_message", "{\"message\": \"done\"}");
        try (var t = kernel(model, AgentConfig.DEFAULT)) {
            var blocking = t.blocking();
            var builtIn = blocking.process(t.agent()).config().tools();
            t.kernel().addSyscall(new Probe("late_tool", List.of(), false));

            assertThat(t.kernel().inspect(t.agent()).await().atMost(TestKernel.TIMEOUT).tools()).extracting(ToolSpecification::name)
                    .doesNotContain("late_tool");
            var names = new ArrayList<>(t.kernel().inspect(t.agent()).await().atMost(TestKernel.TIMEOUT).tools().stream()
                    .map(ToolSpecification::name).toList());
            names.add("late_tool");
            blocking.reconfigure(t.agent(), AgentConfig.DEFAULT.withTools(names));
            Reply reply = blocking.send(t.agent(), "go");

            assertThat(builtIn).isEmpty();
            assertThat(model.requests().getFirst().toolSpecifications()).extracting(ToolSpecification::name).contains("late_tool", "send_message");
            assertThat(Requests.toolResults(model.requests().get(1)).getLast()).contains("probed");
            assertThat(reply.messages()).containsExactly("done");
        }
    }

    @Test
    void should_refuse_to_add_a_syscall_when_the_name_is_built_in() {
        try (var t = kernel(new ScriptedChatModel(), AgentConfig.DEFAULT)) {
            assertThatThrownBy(() -> t.kernel().addSyscall(new Probe("send_message", List.of(), false)))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("built in");
            t.kernel().addSyscall(new Probe("late_tool", List.of(), false));
            t.kernel().addSyscall(new Probe("late_tool", List.of(), true));
        }
    }
}
