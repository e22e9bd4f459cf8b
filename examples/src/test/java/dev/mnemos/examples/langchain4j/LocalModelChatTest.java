package dev.mnemos.examples.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.mnemos.inference.generation.LocalModel;
import dev.mnemos.inference.langchain4j.LocalChatModel;
import dev.mnemos.inference.sampling.SamplerConfig;
import dev.mnemos.memory.sqlite.SqliteMemoryStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An AiServices assistant on stories260K with mnemos recall as its chat memory and archival as its retriever. The
 * model writes children's stories, so the tests check what it was shown (memory), not what it answered.
 */
class LocalModelChatTest {

    private static final Path MODELS = Path.of(System.getProperty("mnemos.shared.models", "../../shared/models"));

    private static LocalModel model;

    @TempDir
    Path dir;

    /** The real local model, and every request it was sent. */
    private final List<ChatRequest> sent = new ArrayList<>();
    private ChatModel recorded;

    @BeforeAll
    static void load() throws Exception {
        model = LocalModel.open(MODELS.resolve("stories260K.gguf"), LocalModel.Options.defaults().withThreads(1));
    }

    @AfterAll
    static void unload() {
        model.close();
    }

    private LocalModelChat open(SqliteMemoryStore store) {
        ChatModel local = LocalChatModel.of(model, SamplerConfig.greedy());
        recorded = new ChatModel() {
            @Override
            public ChatResponse doChat(ChatRequest request) {
                sent.add(request);
                return local.chat(request);
            }
        };
        return new LocalModelChat(recorded, store, 4, 16);
    }

    private static List<String> texts(List<ChatMessage> messages) {
        return messages.stream().map(m -> m instanceof UserMessage u ? "user: " + u.singleText() : "ai: " + ((AiMessage) m).text()).toList();
    }

    @Test
    void should_show_the_model_the_earlier_turns_when_the_program_runs_again_on_one_database() throws Exception {
        Path database = dir.resolve("notes.db");
        String firstAnswer;
        try (var store = SqliteMemoryStore.open(database)) {
            var chat = open(store);
            chat.remember("ada", "Tom is a small dog who sleeps under the table.", "The baker sells warm bread every morning.");

            var answer = chat.ask("ada", "Where does the dog sleep?");

            assertThat(answer.context()).containsExactly("Tom is a small dog who sleeps under the table.");
            assertThat(answer.outputTokens()).isBetween(1, 16);
            assertThat(((UserMessage) sent.getLast().messages().getLast()).singleText())
                    .contains("Where does the dog sleep?").contains("Tom is a small dog who sleeps under the table.");
            firstAnswer = answer.text();
        }

        try (var store = SqliteMemoryStore.open(database)) {
            var chat = open(store);
            assertThat(chat.turns("ada")).isEqualTo(2);

            chat.ask("ada", "And where is the bread?");

            List<ChatMessage> shown = sent.getLast().messages();
            assertThat(shown).hasSize(3);
            assertThat(((UserMessage) shown.get(0)).singleText()).isEqualTo("Where does the dog sleep?");
            assertThat(shown.get(1)).isEqualTo(AiMessage.from(firstAnswer));
            assertThat(((UserMessage) shown.get(2)).singleText()).contains("And where is the bread?").contains("The baker sells warm bread");
            assertThat(chat.turns("ada")).isEqualTo(4);
        }
    }

    @Test
    void should_show_only_the_newest_window_and_only_the_users_own_history() throws Exception {
        try (var store = SqliteMemoryStore.open(dir.resolve("notes.db"))) {
            var chat = open(store);
            for (String q : List.of("One", "Two", "Three", "Four")) {
                chat.ask("ada", q);
            }
            chat.ask("bo", "Hello");

            assertThat(chat.turns("ada")).isEqualTo(8);
            assertThat(texts(sent.get(3).messages())).as("the newest 4 turns, then the question")
                    .hasSize(5).startsWith("user: Two").endsWith("user: Four").doesNotContain("user: One");
            assertThat(texts(sent.getLast().messages())).containsExactly("user: Hello");
        }
    }

    @Test
    void should_print_how_many_turns_it_remembered_when_main_runs_twice_on_one_database() throws Exception {
        String[] args = {dir.resolve("notes.db").toString(), "What does Lily play with?", MODELS.resolve("stories260K.gguf").toString()};
        String first = run(args);
        String second = run(args);

        assertThat(first).contains("remembered: 0 turns from earlier runs")
                .contains("context:    [Lily has a big red ball and plays with it in the park.]").contains("answer:     ");
        assertThat(second).contains("remembered: 2 turns from earlier runs");
    }

    private static String run(String[] args) throws Exception {
        PrintStream out = System.out;
        var captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            LocalModelChat.main(args);
        } finally {
            System.setOut(out);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
