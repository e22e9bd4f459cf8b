package dev.mnemos.kernel.interrupt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mnemos.memory.agent.QueuedInterrupt;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class InterruptCodecTest {

    private static final Instant NOW = Instant.parse("2024-05-01T10:00:00Z");

    @Test
    void should_read_back_every_kind_when_it_was_queued() {
        List<Interrupt> all = List.of(
                new Interrupt.UserMessage("u", "hello \"there\"", NOW),
                new Interrupt.ExternalEvent("e", "github", "a push", NOW),
                new Interrupt.Timer("t", "tea", NOW.plusSeconds(60)),
                Interrupt.Schedule.first("standup", "daily", new Recurrence.Every(Duration.ofHours(24)), NOW),
                new Interrupt.ToolCompletion("c", "call-1", "web_fetch", "200 OK", NOW),
                new Interrupt.Heartbeat("h", "u", 2, "more", NOW),
                new Interrupt.MemoryPressure("p", 73, NOW));

        for (Interrupt interrupt : all) {
            QueuedInterrupt queued = InterruptCodec.encode(interrupt, NOW);

            assertThat(InterruptCodec.decode(queued)).isEqualTo(interrupt);
            assertThat(queued.kind()).isEqualTo(InterruptCodec.kind(interrupt));
        }
    }

    @Test
    void should_be_due_at_once_when_no_due_time_is_given() {
        assertThat(InterruptCodec.encode(Interrupt.userMessage("hi"), NOW).dueAt()).isEqualTo(NOW);
    }

    @Test
    void should_refuse_a_queued_interrupt_when_its_kind_or_payload_is_unknown() {
        assertThatThrownBy(() -> InterruptCodec.decode(new QueuedInterrupt("x", "telepathy", "{}", NOW, NOW)))
                .hasMessageContaining("unknown kind 'telepathy'");
        assertThatThrownBy(() -> InterruptCodec.decode(new QueuedInterrupt("x", "timer", "{}", NOW, NOW)))
                .hasMessageContaining("lacks the text field 'note'");
    }
}
