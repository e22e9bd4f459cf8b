package dev.mnemos.inference.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class StopSequencesTest {

    @Test
    void should_stop_at_a_stop_string_split_across_chunks() {
        var stops = new StopSequences(List.of("\nUser:"));
        var shown = new StringBuilder();
        for (String chunk : List.of("Hello", " there\nUs", "er: next")) {
            shown.append(stops.accept(chunk));
        }
        assertThat(stops.stopped()).isTrue();
        assertThat(shown.toString()).isEqualTo("Hello there");
        assertThat(stops.accept("more")).isEmpty();
        assertThat(stops.flush()).isEmpty();
    }

    @Test
    void should_hold_back_a_possible_start_and_release_it_when_it_is_not_a_stop() {
        var stops = new StopSequences(List.of("</answer>", "STOP"));
        assertThat(stops.accept("a </ans")).isEqualTo("a ");
        assertThat(stops.accept("wer is near ST")).isEqualTo("</answer is near ");
        assertThat(stops.stopped()).isFalse();
        assertThat(stops.flush()).isEqualTo("ST");
    }

    @Test
    void should_cut_at_the_earliest_of_several_stop_strings() {
        var stops = new StopSequences(List.of("bb", "a"));
        assertThat(stops.accept("xxbbya")).isEqualTo("xx");
        assertThat(stops.stopped()).isTrue();
    }
}
