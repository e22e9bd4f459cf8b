package dev.mnemos.examples.companion;

import static dev.mnemos.examples.ScriptedChatModel.call;
import static dev.mnemos.examples.ScriptedChatModel.lastToolResult;
import static dev.mnemos.examples.ScriptedChatModel.lastUserText;
import static dev.mnemos.examples.ScriptedChatModel.say;
import static dev.mnemos.examples.ScriptedChatModel.system;
import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.mnemos.examples.ScriptedChatModel;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The companion, run twice on one database file with a scripted LLM that only knows what memory shows it. */
class CompanionTest {

    @TempDir
    Path dir;

    /** Saves a name to the human block and a code to archival memory; answers from the system prompt (core memory), recall or archival. */
    private static AiMessage llm(ChatRequest request) {
        String last = lastUserText(request);
        if (last.startsWith("My name is Ada")) {
            return call("core_memory_append", Map.of("label", "human", "content", "Name: Ada."));
        }
        if (last.startsWith("What is my name")) {
            return say(system(request).contains("Name: Ada.") ? "You are Ada." : "I do not know your name.");
        }
        if (last.startsWith("What was the book")) {
            return call("conversation_search", Map.of("query", "book", "request_heartbeat", true));
        }
        if (last.startsWith("Keep this for later")) {
            return call("archival_memory_insert", Map.of("content", "The user's bike lock code is 3917."));
        }
        if (last.startsWith("What is my bike lock code")) {
            return call("archival_memory_search", Map.of("query", "bike lock code", "request_heartbeat", true));
        }
        if (last.startsWith("[system] heartbeat")) {
            String found = lastToolResult(request);
            return say(found.contains("Dune") ? "You mentioned Dune." : found.contains("3917") ? "It is 3917." : "I could not find it.");
        }
        return last.startsWith("[system]") ? AiMessage.from("noted") : say("Got it.");
    }

    @Test
    void should_remember_the_user_when_reopened_after_a_restart() throws Exception {
        var model = new ScriptedChatModel(CompanionTest::llm, prompt -> "");
        var embeddings = new AllMiniLmL6V2QuantizedEmbeddingModel();
        Path database = dir.resolve("companion.db");
        try (Companion sam = Companion.open(database, model, embeddings)) {
            assertThat(sam.tell("What is my name?")).containsExactly("I do not know your name.");
            sam.tell("My name is Ada.");
            assertThat(sam.tell("I am reading a book called Dune.")).containsExactly("Got it.");
            sam.tell("Keep this for later: my bike lock code is 3917.");
        }

        try (Companion sam = Companion.open(database, model, embeddings)) {
            assertThat(sam.human()).contains("Name: Ada.");
            assertThat(sam.tell("What is my name?")).containsExactly("You are Ada.");
            assertThat(sam.tell("What was the book I mentioned?")).containsExactly("You mentioned Dune.");
            assertThat(sam.tell("What is my bike lock code?")).containsExactly("It is 3917.");
        }
    }
}
