package dev.mnemos.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.Test;

@QuarkusMainTest
class TokenizeCommandTest {

    @Test
    void should_print_the_ids_on_one_line_with_bos_when_the_model_adds_it(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("tokenize", "--model", GenerateCommandTest.stories(), "--text", "Once upon a time");
        assertThat(result.exitCode()).isZero();
        assertThat(GenerateCommandTest.printed(result)).isEqualTo("1 403 407 261 378");
    }

    @Test
    void should_leave_bos_out_when_asked(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("tokenize", "--model", GenerateCommandTest.stories(), "--text", "Once upon a time", "--no-bos");
        assertThat(GenerateCommandTest.printed(result)).isEqualTo("403 407 261 378");
    }
}
