package dev.mnemos.kernel;

import static dev.mnemos.kernel.testing.ScriptedChatModel.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.kernel.event.StepEvent;
import dev.mnemos.kernel.process.AgentConfig;
import dev.mnemos.kernel.testing.ScriptedChatModel;
import dev.mnemos.kernel.testing.TestKernel;
import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.recall.RecallQuery;
import dev.mnemos.memory.recall.Role;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KernelConcurrencyTest {

    @Test
    void should_bound_concurrent_model_calls_and_still_answer_everyone_when_the_model_is_slow() {
        var model = new ScriptedChatModel().delay(60).otherwise(r -> call("send_message", "{\"message\": \"hi\"}"));
        try (var t = TestKernel.start(model, AgentConfig.DEFAULT, b -> b.maxConcurrentModelCalls(2))) {
            List<AgentKey> agents = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                var key = new AgentKey("acme", "agent-" + i);
                t.blocking().spawn(key, "a" + i, "chat", AgentConfig.DEFAULT, TestKernel.blocks());
                agents.add(key);
            }

            List<Reply> replies = Uni.join().all(agents.stream().map(a -> t.kernel().send(a, "hello")).toList()).andFailFast()
                    .await().atMost(Duration.ofSeconds(30));

            assertThat(replies).allMatch(r -> r.messages().equals(List.of("hi")));
            assertThat(model.maxInFlight()).isEqualTo(2);
        }
    }

    @Test
    void should_record_the_message_and_stop_the_chain_when_a_running_step_is_cancelled() throws Exception {
        var model = new ScriptedChatModel().delay(5_000).otherwise(r -> call("send_message", "{\"message\": \"too late\"}"));
        try (var t = TestKernel.start(model, AgentConfig.DEFAULT)) {
            AssertSubscriber<StepEvent> events = t.kernel().events(t.agent()).subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
            UniAssertSubscriber<Reply> reply = t.kernel().send(t.agent(), "write me a novel").subscribe().withSubscriber(UniAssertSubscriber.create());
            events.awaitItems(1, Duration.ofSeconds(10));

            assertThat(t.blocking().cancel(t.agent())).isTrue();

            Reply cancelled = reply.awaitItem(Duration.ofSeconds(2)).getItem();
            assertThat(cancelled.status()).isEqualTo(Reply.Status.CANCELLED);
            assertThat(events.getItems().getLast()).isInstanceOf(StepEvent.Cancelled.class);
            var recall = t.store().recall().search(t.agent(), RecallQuery.newest(10)).await().atMost(TestKernel.TIMEOUT).messages();
            assertThat(recall).extracting(m -> m.role()).containsExactly(Role.SYSTEM, Role.USER);
            assertThat(recall.getFirst().content()).contains("cancelled");
            assertThat(t.store().interrupts().due(t.agent(), java.time.Instant.now(), 10).await().atMost(TestKernel.TIMEOUT)).isEmpty();
            assertThat(t.blocking().cancel(t.agent())).isFalse();
        }
    }

    @Test
    void should_answer_each_agent_from_its_own_memory_when_agents_run_in_parallel() {
        var model = new ScriptedChatModel().otherwise(r -> {
            String system = dev.mnemos.kernel.testing.Requests.system(r);
            return call("send_message", "{\"message\": \"" + (system.contains("I am agent-1") ? "one" : "other") + "\"}");
        });
        try (var t = TestKernel.start(model, AgentConfig.DEFAULT)) {
            var one = new AgentKey("acme", "agent-1");
            var two = new AgentKey("acme", "agent-2");
            t.blocking().spawn(one, "1", "chat", AgentConfig.DEFAULT, List.of(dev.mnemos.memory.core.Block.of("persona", "I am agent-1")));
            t.blocking().spawn(two, "2", "chat", AgentConfig.DEFAULT, List.of(dev.mnemos.memory.core.Block.of("persona", "I am agent-2")));

            var replies = Uni.join().all(t.kernel().send(one, "who?"), t.kernel().send(two, "who?")).andFailFast().await().atMost(TestKernel.TIMEOUT);

            assertThat(Set.of(replies.get(0).messages().getFirst(), replies.get(1).messages().getFirst())).containsExactlyInAnyOrder("one", "other");
            assertThat(replies.get(0).messages()).containsExactly("one");
        }
    }
}
