package dev.mnemos.memory.tree;

import dev.mnemos.memory.ApproximateTokenCountEstimator;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SegmenterTest {

    private final ApproximateTokenCountEstimator estimator = new ApproximateTokenCountEstimator();

    @Test
    void should_cut_at_paragraph_ends_and_give_the_text_back_when_joined() {
        String text = "First paragraph, short. It has two sentences.\n\n".repeat(30);
        Segmenter segmenter = new Segmenter(estimator, 40);

        List<String> segments = segmenter.split(text);

        assertThat(String.join("", segments)).isEqualTo(text);
        assertThat(segments).allSatisfy(segment -> {
            assertThat(estimator.estimateTokenCountInText(segment)).isLessThanOrEqualTo(40);
            assertThat(segment).startsWith("First paragraph").endsWith("\n\n");
        });
    }

    @Test
    void should_cut_a_run_without_spaces_when_it_is_longer_than_a_segment() {
        String text = "雨".repeat(5_000);

        List<String> segments = new Segmenter(estimator, 100).split(text);

        assertThat(String.join("", segments)).isEqualTo(text);
        assertThat(segments).hasSizeGreaterThan(5).allSatisfy(segment -> assertThat(estimator.estimateTokenCountInText(segment)).isLessThanOrEqualTo(100));
    }

    @Test
    void should_produce_no_segment_when_text_is_blank() {
        assertThat(new Segmenter(estimator, 100).split(" \n ")).isEmpty();
    }
}
