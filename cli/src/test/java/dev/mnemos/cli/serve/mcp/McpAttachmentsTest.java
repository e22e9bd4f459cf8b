package dev.mnemos.cli.serve.mcp;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mnemos.memory.AgentKey;
import dev.mnemos.tools.mcp.McpServerConfig;
import jakarta.ws.rs.ForbiddenException;
import org.junit.jupiter.api.Test;

class McpAttachmentsTest {

    @Test
    void should_refuse_to_start_a_program_when_the_operator_has_not_allowed_stdio_servers() {
        var attachments = new McpAttachments();

        assertThatThrownBy(() -> attachments.attach(new AgentKey("org", "agent"), McpServerConfig.Stdio.of("fs", "sh", "-c", "touch started")))
                .isInstanceOf(ForbiddenException.class).hasMessageContaining("MNEMOS_SERVE_MCP_STDIO=true");
    }
}
