package dev.mnemos.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.main.Launch;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.file.Files;
import java.nio.file.Path;
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
    void should_open_the_embedded_store_and_name_the_model(QuarkusMainLauncher launcher) throws Exception {
        Path dir = Files.createTempDirectory("mnemos-chat");
        LaunchResult result = launcher.launch("chat", "--data-dir", dir.toString(), "--model", "tiny.gguf");
        assertThat(result.exitCode()).isZero();
        assertThat(result.getOutput())
                .contains("embedded SQLite 3.", "(wal)", dir.resolve("mnemos.db").toString())
                .contains("llm: local GGUF model tiny.gguf");
        assertThat(dir.resolve("mnemos.db")).exists();
    }

    @Test
    @Launch(value = "no-such-command", exitCode = 2)
    void should_refuse_an_unknown_subcommand(LaunchResult result) {
        assertThat(result.getErrorOutput()).contains("no-such-command");
    }
}
