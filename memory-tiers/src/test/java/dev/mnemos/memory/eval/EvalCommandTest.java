package dev.mnemos.memory.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class EvalCommandTest {

    @Test
    void should_print_a_row_per_method_when_run_against_an_openai_compatible_endpoint() throws Exception {
        QaSet set = QaSet.builtIn();
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream original = System.out;
        int exit;
        try (OracleEndpoint endpoint = new OracleEndpoint(OracleReader.of(set))) {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            exit = new CommandLine(new EvalCommand()).execute("--openai-base-url", endpoint.baseUrl(), "--model", "oracle", "--context-tokens", "1024",
                    "--methods", "memwalker,truncation,retrieval");
        } finally {
            System.setOut(original);
        }

        String out = captured.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(out).isZero();
        assertThat(out).contains("The Lamplighter of Greyhaven").contains("| method | accuracy | right |");
        assertThat(out).containsPattern("\\| MemWalker \\| 100% \\| 14/14 \\|")
                .containsPattern("\\| plain truncation \\| \\d+% \\| \\d/14 \\|")
                .containsPattern("\\| retrieval \\(archival\\) \\| \\d+% \\| \\d+/14 \\|");
    }
}
