package dev.mnemos.examples.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.inference.generation.LocalModel;
import dev.mnemos.inference.langchain4j.LocalChatModel;
import dev.mnemos.inference.sampling.SamplerConfig;
import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.sqlite.SqliteMemoryStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** stories260K as a LangChain4j ChatModel, with mnemos archival memory searched for context first. */
class LocalModelChatTest {

    private static final Path MODELS = Path.of(System.getProperty("mnemos.shared.models", "../../shared/models"));

    @TempDir
    Path dir;

    @Test
    void should_answer_with_the_closest_passage_as_context_when_asked_on_the_local_model() throws Exception {
        try (LocalModel model = LocalModel.open(MODELS.resolve("stories260K.gguf"), LocalModel.Options.defaults().withThreads(1));
             SqliteMemoryStore store = SqliteMemoryStore.open(dir.resolve("notes.db"))) {
            var example = LocalModelChat.open(LocalChatModel.of(model, SamplerConfig.greedy()), store, new AgentKey("examples", "notes"));
            example.remember("Lily has a big red ball and plays with it in the park.",
                    "Tom is a small dog who sleeps under the table.",
                    "The baker sells warm bread every morning.");

            var answer = example.ask("Where does the dog sleep?", 1, 16);

            assertThat(answer.context()).containsExactly("Tom is a small dog who sleeps under the table.");
            assertThat(answer.text()).isNotBlank();
            assertThat(answer.outputTokens()).isEqualTo(16);
            assertThat(example.ask("Where does the dog sleep?", 1, 16).text()).isEqualTo(answer.text());
        }
    }

    @Test
    void should_print_context_and_answer_when_main_runs_twice_on_one_database() throws Exception {
        String[] args = {MODELS.resolve("stories260K.gguf").toString(), dir.resolve("notes.db").toString(), "What does Lily play with?"};
        String first = run(args);
        String second = run(args);

        assertThat(first).contains("context: [Lily has a big red ball and plays with it in the park.]").contains("answer:  ");
        assertThat(second).isEqualTo(first);
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
