package dev.mnemos.examples.document;

import static dev.mnemos.examples.ScriptedChatModel.call;
import static dev.mnemos.examples.ScriptedChatModel.lastToolResult;
import static dev.mnemos.examples.ScriptedChatModel.lastUserText;
import static dev.mnemos.examples.ScriptedChatModel.say;
import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import dev.mnemos.examples.ScriptedChatModel;
import dev.mnemos.memory.tree.WalkResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A 40-chapter book in which one sentence names the writer of the letter, answered by retrieval, by a walk and by the agent. */
class BookQaTest {

    private static final Pattern WRITER = Pattern.compile("letter was written by ([A-Z]\\w+ [A-Z]\\w+ [A-Z]\\w+)");

    @TempDir
    Path dir;

    private Path book() throws Exception {
        StringBuilder text = new StringBuilder();
        for (int chapter = 1; chapter <= 40; chapter++) {
            text.append("Chapter ").append(chapter).append(".\n\n");
            for (int line = 0; line < 12; line++) {
                text.append(chapter == 29 && line == 7
                        ? "Nobody in the village knew it then, but the letter was written by Captain Mirela Voss on the night of the storm. "
                        : "The orchard of chapter " + chapter + " was quiet, and the farmers carried apples down the hill, row " + line + ". ");
            }
            text.append("\n\n");
        }
        Path file = dir.resolve("orchard.txt");
        Files.writeString(file, text);
        return file;
    }

    /** Summaries say whether the text names the writer; a walk goes towards the summary that does, as MemWalker would. */
    private static String reader(String prompt) {
        if (prompt.stripTrailing().endsWith("Summary:")) {
            return prompt.contains("letter") ? "Someone writes a letter in a storm." : "Apples and farmers.";
        }
        if (prompt.contains("Action: GO <number")) {
            String[] options = prompt.substring(prompt.indexOf("Summary 1:"), prompt.indexOf("Reply in exactly")).split("Summary \\d+:");
            for (int i = 1; i < options.length; i++) {
                if (options[i].contains("letter")) {
                    return "Reasoning: the letter is there.\nAction: GO " + i;
                }
            }
            return "Reasoning: no letter here.\nAction: BACK";
        }
        Matcher found = WRITER.matcher(prompt);
        return found.find() ? "Reasoning: named here.\nAction: ANSWER " + found.group(1) : "Reasoning: not here.\nAction: BACK";
    }

    private static AiMessage librarian(ChatRequest request) {
        String last = lastUserText(request);
        if (last.startsWith("Who wrote the letter")) {
            return call("archival_memory_search", Map.of("query", "who wrote the letter", "request_heartbeat", true));
        }
        if (last.startsWith("[system] heartbeat")) {
            Matcher found = WRITER.matcher(lastToolResult(request));
            return say(found.find() ? found.group(1) + " wrote it." : "The book does not tell.");
        }
        return last.startsWith("[system]") ? AiMessage.from("noted") : say("Ask me about the book.");
    }

    @Test
    void should_find_the_one_sentence_by_retrieval_by_walking_and_by_asking_when_a_book_was_ingested() throws Exception {
        var model = new ScriptedChatModel(BookQaTest::librarian, BookQaTest::reader);
        try (BookQa qa = BookQa.open(dir.resolve("mnemos.db"), model, new AllMiniLmL6V2QuantizedEmbeddingModel())) {
            var book = qa.ingest(book());

            BookQa.SideBySide answers = qa.compare(book.treeId(), "Who wrote the letter?", 3);

            assertThat(book.treeId()).isEqualTo("doc:orchard.txt");
            assertThat(book.passages()).isGreaterThan(10);
            assertThat(book.treeDepth()).isGreaterThan(1);
            assertThat(answers.passages()).anySatisfy(p -> assertThat(p).contains("letter was written by Captain Mirela Voss"));
            assertThat(answers.walk().outcome()).isEqualTo(WalkResult.Outcome.ANSWERED);
            assertThat(answers.walk().answer()).isEqualTo("Captain Mirela Voss");
            assertThat(qa.ask("Who wrote the letter?")).containsExactly("Captain Mirela Voss wrote it.");
        }
    }
}
