package dev.mnemos.examples.mcp;

import static dev.mnemos.examples.ScriptedChatModel.call;
import static dev.mnemos.examples.ScriptedChatModel.lastToolResult;
import static dev.mnemos.examples.ScriptedChatModel.lastUserText;
import static dev.mnemos.examples.ScriptedChatModel.say;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.mnemos.examples.ScriptedChatModel;
import dev.mnemos.tools.mcp.NpmPackages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The assistant with the real filesystem MCP server from npm (examples/mcp-servers, installed into target) and a
 * scripted LLM that knows nothing of the folder: it asks the server which folder it may read, lists it, reads the one
 * text file and answers with what the file says.
 */
class FolderAssistantTest {

    private static final Path MODULE = Path.of(System.getProperty("basedir", System.getProperty("user.dir")));
    private static final NpmPackages SERVERS = new NpmPackages(MODULE.resolve("mcp-servers"), MODULE.resolve("target/mcp-servers"));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern ALLOWED = Pattern.compile("(/\\S+)");
    /** mnemos fences what a tool returned, so that the LLM tells it from instructions. */
    private static final Pattern FENCED = Pattern.compile("(?s)<tool_output[^>]*>\\s*(.*?)\\s*</tool_output>");
    private static final Pattern FILE = Pattern.compile("\\[FILE\\] (\\S+\\.txt)");

    @TempDir
    Path dir;

    /** One step per tool result: allowed directories, then the listing, then the file, then the answer. */
    private static AiMessage llm(ChatRequest request) {
        String last = lastUserText(request);
        if (last.startsWith("What do the notes in my folder say")) {
            return call("fs__list_allowed_directories", Map.of("request_heartbeat", true));
        }
        if (!last.startsWith("[system] heartbeat")) {
            return last.startsWith("[system]") ? AiMessage.from("noted") : say("Ask me about the folder.");
        }
        String tool = request.messages().reversed().stream().filter(ToolExecutionResultMessage.class::isInstance)
                .map(m -> ((ToolExecutionResultMessage) m).toolName()).findFirst().orElse("");
        String result = lastToolResult(request);
        return switch (tool) {
            case "fs__list_allowed_directories" -> {
                Matcher folder = ALLOWED.matcher(result);
                yield folder.find() ? call("fs__list_directory", Map.of("path", folder.group(1), "request_heartbeat", true))
                        : say("I may not read any folder.");
            }
            case "fs__list_directory" -> {
                Matcher file = FILE.matcher(result);
                String folder = lastDirectory(request);
                yield file.find() ? call("fs__read_text_file", Map.of("path", folder + "/" + file.group(1), "request_heartbeat", true))
                        : say("The folder has no text file.");
            }
            case "fs__read_text_file" -> {
                Matcher text = FENCED.matcher(result);
                yield say(text.find() ? "The notes say: " + text.group(1) : "I could not read it.");
            }
            default -> say("Something went wrong: " + result);
        };
    }

    /** The folder the last fs__list_directory call asked for. */
    private static String lastDirectory(ChatRequest request) {
        return request.messages().reversed().stream().filter(AiMessage.class::isInstance).map(AiMessage.class::cast)
                .filter(AiMessage::hasToolExecutionRequests).flatMap(m -> m.toolExecutionRequests().stream())
                .filter(call -> call.name().equals("fs__list_directory")).findFirst()
                .map(call -> path(call.arguments())).orElse("");
    }

    private static String path(String arguments) {
        try {
            return JSON.readTree(arguments).path("path").asText();
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Test
    void should_answer_from_the_file_it_read_through_the_mcp_server_when_asked_about_the_folder() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("project"));
        Files.writeString(folder.resolve("launch-notes.txt"), "The launch moved to Thursday; Priya brings the cake.\n");
        Files.createDirectories(folder.resolve("drafts"));
        var server = FolderAssistant.filesystemServer(SERVERS.installed().resolve("node_modules"), folder);

        try (var assistant = FolderAssistant.open(dir.resolve("folder.db"), new ScriptedChatModel(FolderAssistantTest::llm, prompt -> ""), server)) {
            assertThat(assistant.tools()).contains("fs__list_allowed_directories", "fs__list_directory", "fs__read_text_file");

            List<String> reply = assistant.ask("What do the notes in my folder say?");

            assertThat(reply).containsExactly("The notes say: The launch moved to Thursday; Priya brings the cake.");
        }
    }
}
