package dev.mnemos.examples.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A stream on stories260K far past the model's context of 512, under sinks + window. */
class SinkStreamTest {

    private static final Path STORIES = Path.of(System.getProperty("mnemos.shared.models", "../../shared/models"), "stories260K.gguf");

    @Test
    void should_keep_resident_kv_flat_when_streaming_past_the_models_context() throws Exception {
        List<SinkStream.Sample> samples = new ArrayList<>();

        String opening = SinkStream.generate(STORIES, "Once upon a time", 3000, 500, samples::add);

        assertThat(samples).extracting(SinkStream.Sample::tokens).containsExactly(500, 1000, 1500, 2000, 2500, 3000);
        long flat = samples.getFirst().residentBytes();
        assertThat(flat).isPositive();
        assertThat(samples).allSatisfy(s -> assertThat(s.residentBytes()).isEqualTo(flat));
        assertThat(samples).allSatisfy(s -> assertThat(s.msPerToken()).isPositive());
        assertThat(opening).startsWith(", there was a little girl named Lily.");
    }
}
