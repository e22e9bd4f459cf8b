package dev.mnemos.tools.mcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void should_grow_each_wait_by_the_factor_up_to_the_max_when_attempts_fail() {
        var backoff = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(3), 2);

        assertThat(backoff.delay(1)).isEqualTo(Duration.ofMillis(500));
        assertThat(backoff.delay(2)).isEqualTo(Duration.ofSeconds(1));
        assertThat(backoff.delay(3)).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.delay(4)).isEqualTo(Duration.ofSeconds(3));
        assertThat(backoff.delay(1_000)).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void should_refuse_a_backoff_when_it_would_not_wait_or_would_shrink() {
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(2), 0.5)).isInstanceOf(IllegalArgumentException.class);
    }
}
