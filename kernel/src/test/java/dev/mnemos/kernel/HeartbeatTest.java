package dev.mnemos.kernel;

import static dev.mnemos.kernel.testing.ScriptedChatModel.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.kernel.event.StepEvent;
import dev.mnemos.kernel.process.AgentConfig;
import dev.mnemos.kernel.testing.Requests;
import dev.mnemos.kernel.testing.ScriptedChatModel;
import dev.mnemos.kernel.testing.TestKernel;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import org.junit.jupiter.api.Test;

class HeartbeatTest {

    @Test
    void should_chain_steps_and_gather_their_replies_when_the_llm_asks_for_a_heartbeat() {
        var model = new ScriptedChatModel()
                .thenCall("conversation_search", "{\"query\": \"tea\", \"request_heartbeat\": true}")
                .thenCall("send_message", "{\"message\": \"Searching done.\", \"request_heartbeat\": true}")
                .thenCall("send_message", "{\"message\": \"Anything else?\"}");
        try (var t = TestKernel.start(model, AgentConfig.DEFAULT)) {
            Reply reply = t.blocking().send(t.agent(), "Did I mention tea?");

            assertThat(reply.messages()).containsExactly("Searching done.", "Anything else?");
            assertThat(model.requests()).hasSize(3);
            assertThat(Requests.lastText(model.requests().get(1))).isEqualTo("[system] heartbeat: the last step asked for another step");
            assertThat(t.store().commits()).isEqualTo(3);
        }
    }

    @Test
    void should_stop_the_chain_and_tell_the_agent_when_it_hits_the_step_limit() {
        var model = new ScriptedChatModel()
                .otherwise(r -> Requests.lastText(r).startsWith("Stop")
                        ? call("send_message", "{\"message\": \"ok\"}")
                        : call("conversation_search", "{\"query\": \"loop\", \"request_heartbeat\": true}"));
        try (var t = TestKernel.start(model, AgentConfig.DEFAULT.withMaxStepsPerInterrupt(3))) {
            AssertSubscriber<StepEvent> events = t.kernel().events(t.agent()).subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));

            Reply reply = t.blocking().send(t.agent(), "Loop forever");

            assertThat(reply.status()).isEqualTo(Reply.Status.ANSWERED);
            assertThat(model.requests()).hasSize(3);
            assertThat(events.getItems()).filteredOn(e -> e instanceof StepEvent.StepLimitReached).singleElement()
                    .satisfies(e -> assertThat(((StepEvent.StepLimitReached) e).limit()).isEqualTo(3));

            t.blocking().send(t.agent(), "Stop now");

            String told = Requests.toolResults(model.requests().getLast()).getLast();
            assertThat(told).contains("The heartbeat was refused: this event already ran 3 steps");
        }
    }
}
