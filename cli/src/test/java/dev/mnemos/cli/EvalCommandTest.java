package dev.mnemos.cli;

import static dev.mnemos.cli.GenerateCommandTest.printed;
import static dev.mnemos.cli.GenerateCommandTest.stories;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.memory.eval.OracleEndpoint;
import dev.mnemos.memory.eval.OracleReader;
import dev.mnemos.memory.eval.QaSet;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

@QuarkusMainTest
class EvalCommandTest {

    @Test
    void should_run_every_method_on_a_local_gguf_model_and_print_the_table(QuarkusMainLauncher launcher) throws Exception {
        // stories260K writes children's stories and answers nothing: this checks that a real local model is asked by
        // all four methods (each reports LLM calls), not what it scores
        Path qa = Path.of(EvalCommandTest.class.getResource("/eval/harbour-qa.json").toURI());

        LaunchResult result = launcher.launch("eval", "--model", stories(), "--qa", qa.toString(),
                "--context-tokens", "512", "--max-reply-tokens", "16", "--threads", "1");

        String out = printed(result);
        assertThat(result.exitCode()).as(out + result.getErrorOutput()).isZero();
        assertThat(out).contains("The Keeper of Saltmere").contains("local GGUF model").contains("tokens as it counts them")
                .contains("| method | accuracy | right | LLM calls |");
        for (String method : new String[] {"MemWalker", "PRISM", "plain truncation", "retrieval \\(archival\\)"}) {
            assertThat(out).containsPattern("\\| " + method + " \\| \\d+% \\| [01]/1 \\| [1-9][\\d,]* \\|");
        }
    }

    @Test
    void should_print_a_row_per_method_when_run_against_an_openai_compatible_endpoint(QuarkusMainLauncher launcher) throws Exception {
        // a scripted endpoint that can only spot answers in the text it is shown: it checks the plumbing, not a model
        try (OracleEndpoint endpoint = new OracleEndpoint(OracleReader.of(QaSet.builtIn()))) {
            LaunchResult result = launcher.launch("eval", "--base-url", endpoint.baseUrl(), "--model-name", "oracle", "--api-key", "none",
                    "--methods", "memwalker,truncation,retrieval");

            String out = printed(result);
            assertThat(result.exitCode()).as(out + result.getErrorOutput()).isZero();
            assertThat(out).contains("The Lamplighter of Greyhaven").contains("OpenAI-compatible endpoint").contains("| method | accuracy | right |");
            assertThat(out).containsPattern("\\| MemWalker \\| 100% \\| 14/14 \\|")
                    .containsPattern("\\| plain truncation \\| \\d+% \\| \\d/14 \\|")
                    .containsPattern("\\| retrieval \\(archival\\) \\| \\d+% \\| \\d+/14 \\|");
        }
    }

    @Test
    void should_refuse_a_budget_the_local_model_cannot_hold(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("eval", "--model", stories(), "--context-tokens", "4000", "--threads", "1");

        assertThat(result.exitCode()).isNotZero();
        assertThat(result.getErrorOutput()).contains("holds 2048 tokens");
    }
}
