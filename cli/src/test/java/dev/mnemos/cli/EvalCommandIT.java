package dev.mnemos.cli;

import static dev.mnemos.cli.GenerateCommandTest.stories;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.memory.eval.OracleEndpoint;
import dev.mnemos.memory.eval.OracleReader;
import dev.mnemos.memory.eval.QaSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code mnemos eval} as a process of its own: the retrieval method loads the embedding model's native tokenizer,
 * which a JVM loads into one class loader only, and every Quarkus test application of this module is another one.
 */
class EvalCommandIT {

    @TempDir
    Path home;

    private record Run(int exitCode, String out, String err) {
    }

    @Test
    void should_run_every_method_on_a_local_gguf_model_and_print_the_table() throws Exception {
        // stories260K writes children's stories and answers nothing: this checks that a real local model is asked by
        // all four methods (each reports LLM calls), not what it scores
        Path qa = Path.of(EvalCommandIT.class.getResource("/eval/harbour-qa.json").toURI());

        Run run = eval("--model", Path.of(stories()).toAbsolutePath().toString(), "--qa", qa.toString(),
                "--context-tokens", "512", "--max-reply-tokens", "16", "--threads", "1");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("The Keeper of Saltmere").contains("local GGUF model").contains("tokens as it counts them")
                .contains("| method | accuracy | right | LLM calls |");
        for (String method : new String[] {"MemWalker", "PRISM", "plain truncation", "retrieval \\(archival\\)"}) {
            assertThat(run.out()).containsPattern("\\| " + method + " \\| \\d+% \\| [01]/1 \\| [1-9][\\d,]* \\|");
        }
    }

    @Test
    void should_print_a_row_per_method_when_run_against_an_openai_compatible_endpoint() throws Exception {
        // a scripted endpoint that can only spot answers in the text it is shown: it checks the plumbing, not a model
        try (OracleEndpoint endpoint = new OracleEndpoint(OracleReader.of(QaSet.builtIn()))) {
            Run run = eval("--base-url", endpoint.baseUrl(), "--model-name", "oracle", "--api-key", "none",
                    "--methods", "memwalker,truncation,retrieval");

            assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
            assertThat(run.out()).contains("The Lamplighter of Greyhaven").contains("OpenAI-compatible endpoint").contains("| method | accuracy | right |");
            assertThat(run.out()).containsPattern("\\| MemWalker \\| 100% \\| 14/14 \\|")
                    .containsPattern("\\| plain truncation \\| \\d+% \\| \\d/14 \\|")
                    .containsPattern("\\| retrieval \\(archival\\) \\| \\d+% \\| \\d+/14 \\|");
        }
    }

    @Test
    void should_refuse_a_budget_the_local_model_cannot_hold() throws Exception {
        Run run = eval("--model", Path.of(stories()).toAbsolutePath().toString(), "--context-tokens", "4000", "--threads", "1");

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err()).contains("holds 2048 tokens");
    }

    private Run eval(String... args) throws IOException, InterruptedException {
        List<String> arguments = new ArrayList<>(List.of("eval"));
        arguments.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(PackagedApp.command(PackagedApp.jar(), List.of(), arguments))
                .redirectOutput(home.resolve("stdout").toFile()).redirectError(home.resolve("stderr").toFile());
        builder.environment().put("MNEMOS_HOME", home.resolve("data").toString());
        Process process = builder.start();
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("mnemos eval did not finish in 5 minutes: " + Files.readString(home.resolve("stderr")));
        }
        return new Run(process.exitValue(), Files.readString(home.resolve("stdout")), Files.readString(home.resolve("stderr")));
    }
}
