package dev.mnemos.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import dev.mnemos.inference.gguf.GgufFile;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@QuarkusMainTest
class BenchCommandTest {

    @Test
    void should_print_pp_tg_and_the_roofline_when_measuring_a_model(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("bench", "--model", GenerateCommandTest.stories(), "--threads", "1",
                "--prompt-tokens", "16", "--gen-tokens", "8", "--repetitions", "1");
        assertThat(result.exitCode()).isZero();
        assertThat(result.getOutput()).contains("threads: 1", "pp16: ", "tg8: ", "roofline: ", "GB/s read bandwidth", "MB per token");
    }

    @Test
    void should_start_pp_and_tg_after_the_depth_when_given_one(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("bench", "--model", GenerateCommandTest.stories(), "--threads", "1",
                "--prompt-tokens", "8", "--gen-tokens", "4", "--depth", "40", "--repetitions", "1");
        assertThat(result.exitCode()).isZero();
        assertThat(result.getOutput()).contains("pp8 @ d40: ", "tg4 @ d40: ");
    }

    @Test
    void should_refuse_a_negative_depth(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("bench", "--model", GenerateCommandTest.stories(), "--depth", "-1");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.getErrorOutput()).contains("--depth must not be negative");
    }

    @Test
    void should_refuse_a_depth_that_the_context_cannot_hold(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("bench", "--model", GenerateCommandTest.stories(), "--depth", "2000", "--prompt-tokens", "16");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.getErrorOutput()).contains("--depth 2000 and 128 tokens need 2128 positions; the model's context has 2048");
    }

    @Test
    void should_keep_a_written_model_with_the_copied_tokenizer_when_saving_it(QuarkusMainLauncher launcher, @TempDir Path dir) throws Exception {
        Path saved = dir.resolve("stories110M-Q4_0.gguf");
        LaunchResult result = launcher.launch("bench", "--written", "Q4_0", "--tokenizer", Path.of(GenerateCommandTest.stories()).resolveSibling("ggml-vocab-llama-spm.gguf").toString(),
                "--save", saved.toString(), "--threads", "1", "--prompt-tokens", "4", "--gen-tokens", "2", "--repetitions", "1");
        assertThat(result.exitCode()).isZero();
        assertThat(result.getOutput()).contains("written Q4_0", "tg2: ");
        try (GgufFile written = GgufFile.open(saved)) {
            assertThat(written.metadata().getString("tokenizer.ggml.model")).isEqualTo("llama");
            assertThat(written.metadata().getArray("tokenizer.ggml.tokens").size()).isEqualTo(32000);
            assertThat(written.findTensor("blk.11.ffn_down.weight")).isPresent();
        }
    }

    @Test
    void should_refuse_a_tokenizer_without_a_written_model(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("bench", "--model", GenerateCommandTest.stories(), "--tokenizer", GenerateCommandTest.stories());
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.getErrorOutput()).contains("--tokenizer and --save go with --written TYPE");
    }

    @Test
    void should_ask_for_a_model_when_given_none(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("bench");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.getErrorOutput()).contains("--model FILE or --written TYPE");
    }
}
