package dev.mnemos.inference.generation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextStreamTest {

    @Test
    void should_hold_a_character_until_its_bytes_are_complete_when_split_across_tokens() {
        List<String> out = new ArrayList<>();
        TextStream stream = new TextStream(List.of(), out::add);
        byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
        stream.add(new byte[] {'a', euro[0]});
        stream.add(Arrays.copyOfRange(euro, 1, 3));
        stream.finish();
        assertThat(out).containsExactly("a", "€");
    }

    @Test
    void should_cut_before_a_stop_string_when_it_spans_tokens() {
        List<String> out = new ArrayList<>();
        TextStream stream = new TextStream(List.of("</s>"), out::add);
        assertThat(stream.add("hello <".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(stream.add("/".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(stream.add("s> more".getBytes(StandardCharsets.UTF_8))).isTrue();
        stream.finish();
        assertThat(String.join("", out)).isEqualTo("hello ");
        assertThat(stream.text()).isEqualTo("hello ");
    }

    @Test
    void should_release_held_text_when_it_turns_out_not_to_be_a_stop_string() {
        List<String> out = new ArrayList<>();
        TextStream stream = new TextStream(List.of("STOP"), out::add);
        stream.add("ST".getBytes(StandardCharsets.UTF_8));
        assertThat(out).isEmpty();
        stream.add("AR".getBytes(StandardCharsets.UTF_8));
        stream.finish();
        assertThat(String.join("", out)).isEqualTo("STAR");
    }
}
