package dev.mnemos.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.main.Launch;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainTest;
import org.junit.jupiter.api.Test;

/** The {@code mnemos mcp} command's surface; the server itself is tested in tools-mcp (SDK client and inspector CLI). */
@QuarkusMainTest
class McpCommandTest {

    @Test
    @Launch({"mcp", "--help"})
    void should_describe_the_command_when_asked_for_help(LaunchResult result) {
        assertThat(result.getOutput()).contains("Usage: mnemos mcp", "--agent", "--data-dir");
    }

    @Test
    @Launch(value = {"mcp", "--type", "poet", "--model", "none.gguf"}, exitCode = 2)
    void should_refuse_an_unknown_agent_type_on_stderr_and_keep_stdout_clean_when_started(LaunchResult result) {
        assertThat(result.getErrorOutput()).contains("no agent type 'poet'; the types are chat, document, long-input");
        assertThat(result.getOutput()).isEmpty();
    }
}
