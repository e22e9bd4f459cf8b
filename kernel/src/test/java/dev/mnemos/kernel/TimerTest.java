package dev.mnemos.kernel;

import static dev.mnemos.kernel.testing.ScriptedChatModel.call;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.kernel.event.StepEvent;
import dev.mnemos.kernel.interrupt.Interrupt;
import dev.mnemos.kernel.interrupt.Recurrence;
import dev.mnemos.kernel.process.AgentConfig;
import dev.mnemos.kernel.testing.Requests;
import dev.mnemos.kernel.testing.ScriptedChatModel;
import dev.mnemos.kernel.testing.TestKernel;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimerTest {

    @Test
    void should_wake_the_agent_at_the_due_time_when_a_timer_is_set() {
        var model = new ScriptedChatModel().otherwise(r -> call("send_message", "{\"message\": \"Time to drink water!\"}"));
        try (var t = TestKernel.start(model, AgentConfig.DEFAULT)) {
            AssertSubscriber<StepEvent> events = t.kernel().events(t.agent()).subscribe().withSubscriber(AssertSubscriber.create(Long.MAX_VALUE));
            Instant due = Instant.now().plusMillis(400);

            t.blocking().deliver(t.agent(), Interrupt.timer("drink water", due));

            assertThat(model.requests()).isEmpty();
            events.awaitItems(1, Duration.ofSeconds(10));
            assertThat(Instant.now()).isAfterOrEqualTo(due);
            assertThat(events.getItems().getFirst()).isInstanceOfSatisfying(StepEvent.Started.class, s -> assertThat(s.kind()).isEqualTo("timer"));
            KernelStepTest.awaitCommits(t, 1);
            assertThat(Requests.lastText(model.requests().getFirst())).isEqualTo("[system] timer fired: drink water");
        }
    }

    @Test
    void should_fire_again_and_again_when_a_schedule_recurs() {
        var model = new ScriptedChatModel().otherwise(r -> call("send_message", "{\"message\": \"Stand up!\"}"));
        try (var t = TestKernel.start(model, AgentConfig.DEFAULT)) {
            var every = new Recurrence.Every(Duration.ofMillis(150));

            t.blocking().deliver(t.agent(), Interrupt.Schedule.first("stretch", "stand up and stretch", every, Instant.now()));

            KernelStepTest.awaitCommits(t, 3);
            assertThat(model.requests()).extracting(Requests::lastText)
                    .allMatch(text -> text.startsWith("[system] scheduled wake-up 'stretch' (every PT0.15S): stand up and stretch"));
        }
    }
}
