package dev.mnemos.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.mnemos.kernel.context.ContextRenderer;
import dev.mnemos.kernel.event.StepEvent;
import dev.mnemos.kernel.interrupt.Interrupt;
import dev.mnemos.kernel.process.AgentConfig;
import dev.mnemos.kernel.process.ProcessStatus;
import dev.mnemos.kernel.testing.Requests;
import dev.mnemos.kernel.testing.ScriptedChatModel;
import dev.mnemos.kernel.testing.TestKernel;
import dev.mnemos.memory.recall.RecallQuery;
import dev.mnemos.memory.recall.Role;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class KernelStepTest {

    @Test
    void should_reply_through_send_message_only_after_the_commit_when_a_user_message_arrives() {
        var model = new ScriptedChatModel().thenCall("send_message", "{\"message\": \"Hello Ada!\"}");
        try (var t = TestKernel.start(model, AgentConfig.DEFAULT)) {
            Reply reply = t.blocking().send(t.agent(), "Hi, I am Ada");

            assertThat(reply.messages()).containsExactly("Hello Ada!");
            assertThat(reply.status()).isEqualTo(Reply.Status.ANSWERED);
            assertThat(t.store().commits()).isEqualTo(1);
            var recall = t.store().recall().search(t.agent(), RecallQuery.newest(10)).await().atMost(TestKernel.TIMEOUT);
            assertThat(recall.messages()).extracting(m -> m.role()).containsExactly(Role.TOOL, Role.ASSISTANT, Role.USER);
            var record = t.store().agents().get(t.agent()).await().atMost(TestKernel.TIMEOUT).orElseThrow();
            assertThat(record.state().contextMessageIds()).hasSize(3);
            assertThat(record.state().status()).isEqualTo("sleeping");
        }
    }

    @Test
    void should_see_the_system_message_then_the_user_message_when_the_model_is_asked() {
        var model = new ScriptedChatModel().thenCall("send_message", "{\"message\": \"ok\"}");
        try (var t = TestKernel.start(model, AgentConfig.DEFAULT)) {
            t.blocking().send(t.agent(), "remember the blue door");

            var request = model.requests().getFirst();
            assertThat(request.messages().getFirst()).isInstanceOf(SystemMessage.class);
            assertThat(((SystemMessage) request.messages().getFirst()).text())
                    .contains("<persona characters=\"30/200\">").contains("I am Sam");
            assertThat(((UserMessage) Requests.newest(request)).singleText()).isEqualTo("remember the blue door");
            assertThat(Requests.statistics(request)).contains("messages in recall memory");
            assertThat(((UserMessage) request.messages().getLast()).attributes())
                    .as("the KV-session hint a local model reads").containsEntry(ContextRenderer.SESSION_HINT, t.agent().toString());
            assertThat(request.toolSpecifications()).extracting(s -> s.name()).containsExactly(
                    "send_message", "core_memory_append", "core_memory_replace", "conversation_search",
                    "archival_memory_insert", "archival_memory_search");
            assertThat(request.toolSpecifications().getFirst().parameters().properties()).containsKey("request_heartbeat");
        }
    }

    @Test
    void should_emit_the_events_of_a_step_in_order_when_it_runs() {
        var model = new ScriptedChatModel().thenCall("send_message", "{\"message\": \"Hello\"}");
        try (var t = TestKernel.start(model, AgentConfig.DEFAULT)) {
            AssertSubscriber<StepEvent> events = t.kernel().events(t.agent())
                    .subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
            t.blocking().deliver(t.agent(), Interrupt.userMessage("Hi"));

            events.awaitItems(6, Duration.ofSeconds(10));
            assertThat(events.getItems().getLast().ends()).isTrue();
            assertThat(events.getItems()).extracting(e -> e.getClass().getSimpleName()).containsExactly(
                    "Started", "Usage", "ToolCallRequested", "ToolResult", "AssistantMessage", "Committed");
        }
    }

    @Test
    void should_resume_the_process_from_storage_when_another_kernel_loads_it() {
        var model = new ScriptedChatModel().thenCall("core_memory_append", "{\"label\": \"human\", \"content\": \"Name: Ada\"}");
        try (var t = TestKernel.start(model, AgentConfig.DEFAULT)) {
            t.blocking().send(t.agent(), "I am Ada");
            var before = t.blocking().process(t.agent());

            try (Kernel second = Kernel.builder().store(t.store()).chatModel(model).build()) {
                var after = second.blocking(TestKernel.TIMEOUT).process(t.agent());

                assertThat(after.block("human").orElseThrow().value()).isEqualTo("Name: Ada");
                assertThat(after.messages()).extracting(m -> m.message().id()).isEqualTo(before.messages().stream().map(m -> m.message().id()).toList());
                assertThat(after.version()).isEqualTo(before.version());
                assertThat(after.status()).isEqualTo(ProcessStatus.SLEEPING);
                assertThat(after.statistics().recallMessages()).isEqualTo(before.statistics().recallMessages());
            }
        }
    }

    @Test
    void should_run_one_step_when_the_same_interrupt_is_delivered_twice() {
        var model = new ScriptedChatModel().otherwise(r -> ScriptedChatModel.call("send_message", "{\"message\": \"once\"}"));
        try (var t = TestKernel.start(model, AgentConfig.DEFAULT)) {
            var message = new Interrupt.UserMessage("m-1", "hello", null);
            UniAssertSubscriber<String> first = t.kernel().deliver(t.agent(), message).subscribe().withSubscriber(UniAssertSubscriber.create());
            first.awaitItem(Duration.ofSeconds(10)).assertItem("m-1");
            t.blocking().deliver(t.agent(), message);
            awaitCommits(t, 1);
            t.blocking().deliver(t.agent(), message);

            awaitQuiet(t);
            assertThat(t.store().commits()).isEqualTo(1);
            assertThat(model.requests()).hasSize(1);
        }
    }

    @Test
    void should_answer_a_repeated_send_once_when_the_caller_retries_with_the_same_id() {
        var model = new ScriptedChatModel().otherwise(r -> ScriptedChatModel.call("send_message", "{\"message\": \"hello\"}"));
        try (var t = TestKernel.start(model, AgentConfig.DEFAULT)) {
            var message = new Interrupt.UserMessage("retry-1", "hi", null);

            Reply first = t.blocking().send(t.agent(), message);
            Reply again = t.blocking().send(t.agent(), message);

            assertThat(first.messages()).containsExactly("hello");
            assertThat(again.messages()).isEmpty();
            assertThat(again.status()).isEqualTo(Reply.Status.ANSWERED);
            assertThat(model.requests()).hasSize(1);
        }
    }

    @Test
    void should_record_the_message_with_the_failure_when_the_model_fails_on_every_try() {
        var model = new ScriptedChatModel().otherwise(r -> {
            throw new IllegalStateException("the model is down");
        });
        try (var t = TestKernel.start(model, AgentConfig.DEFAULT)) {
            Reply reply = t.blocking().send(t.agent(), "anyone there?");

            assertThat(reply.status()).isEqualTo(Reply.Status.FAILED);
            assertThat(model.requests()).hasSize(3);
            var recall = t.store().recall().search(t.agent(), RecallQuery.newest(10)).await().atMost(TestKernel.TIMEOUT).messages();
            assertThat(recall).extracting(m -> m.role()).containsExactly(Role.SYSTEM, Role.USER);
            assertThat(recall.getFirst().content()).contains("failed").contains("the model is down");
        }
    }

    static void awaitCommits(TestKernel t, int commits) {
        long deadline = System.nanoTime() + TestKernel.TIMEOUT.toNanos();
        while (t.store().commits() < commits) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("expected " + commits + " commits, got " + t.store().commits());
            }
            sleep(10);
        }
    }

    /** Waits until no commit has happened for a while (the sweep runs every 100 ms in tests). */
    static void awaitQuiet(TestKernel t) {
        int seen = -1;
        while (seen != t.store().commits()) {
            seen = t.store().commits();
            sleep(400);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
