package dev.mnemos.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.Test;

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
    void should_ask_for_a_model_when_given_none(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("bench");
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.getErrorOutput()).contains("--model FILE or --written TYPE");
    }
}
