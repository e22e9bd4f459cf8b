package dev.mnemos.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.main.Launch;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.Test;

@QuarkusMainTest
class MnemosCommandTest {

    @Test
    @Launch("--help")
    void should_list_the_subcommands_in_help(LaunchResult result) {
        assertThat(result.exitCode()).isZero();
        assertThat(result.getOutput()).contains("Usage: mnemos", "chat");
    }

    @Test
    @Launch({"chat", "--help"})
    void should_describe_the_chat_options(LaunchResult result) {
        assertThat(result.exitCode()).isZero();
        assertThat(result.getOutput()).contains("--model", "--data-dir", "--agent", "--threads");
    }

    @Test
    @Launch(value = "no-such-command", exitCode = 2)
    void should_refuse_an_unknown_subcommand(LaunchResult result) {
        assertThat(result.getErrorOutput()).contains("no-such-command");
    }
}
