package dev.mnemos.tools.mcp;

import dev.mnemos.tools.ToolContent;
import dev.mnemos.tools.ToolOutput;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.util.ArrayList;

/** Turns what an MCP tool returned into a {@link ToolOutput}: text stays text, everything else is described. */
final class McpContent {

    private McpContent() {}

    static ToolOutput toOutput(McpSchema.CallToolResult result, McpJsonMapper json) {
        var parts = new ArrayList<ToolContent>();
        var content = result.content() == null ? java.util.List.<McpSchema.Content>of() : result.content();
        for (var item : content) {
            parts.add(switch (item) {
                case McpSchema.TextContent text -> new ToolContent.Text(text.text() == null ? "" : text.text());
                case McpSchema.ImageContent image -> new ToolContent.NonText("image", image.mimeType(), base64Bytes(image.data()), null);
                case McpSchema.AudioContent audio -> new ToolContent.NonText("audio", audio.mimeType(), base64Bytes(audio.data()), null);
                case McpSchema.EmbeddedResource embedded -> switch (embedded.resource()) {
                    case McpSchema.TextResourceContents text -> new ToolContent.Text(text.text() == null ? "" : text.text());
                    case McpSchema.BlobResourceContents blob ->
                            new ToolContent.NonText("resource", blob.mimeType(), base64Bytes(blob.blob()), blob.uri());
                    default -> new ToolContent.NonText("resource", embedded.resource().mimeType(), -1, embedded.resource().uri());
                };
                case McpSchema.ResourceLink link -> new ToolContent.NonText("resource link", link.mimeType(),
                        link.size() == null ? -1 : link.size(), link.uri());
                default -> new ToolContent.NonText(item.type() == null ? "content" : item.type(), null, -1, null);
            });
        }
        if (parts.isEmpty() && result.structuredContent() != null) {
            parts.add(new ToolContent.Text(write(result.structuredContent(), json)));
        }
        return new ToolOutput(parts, Boolean.TRUE.equals(result.isError()));
    }

    private static long base64Bytes(String data) {
        if (data == null) {
            return -1;
        }
        int padding = data.endsWith("==") ? 2 : data.endsWith("=") ? 1 : 0;
        return Math.max(0, data.length() / 4L * 3 - padding);
    }

    private static String write(Object value, McpJsonMapper json) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            return String.valueOf(value);
        }
    }
}
