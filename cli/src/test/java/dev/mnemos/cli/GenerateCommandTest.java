package dev.mnemos.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import dev.mnemos.inference.cuda.CudaDevice;
import dev.mnemos.inference.cuda.CudaProbe;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

@QuarkusMainTest
class GenerateCommandTest {

    /**
     * What the command printed, without log records: in a test JVM Quarkus' log handler shares the captured
     * output (the launcher sends logs to stderr), and other extensions may log a warning at start-up.
     */
    static String printed(LaunchResult result) {
        return String.join("\n", result.getOutputStream().stream()
                .filter(line -> !line.matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d+ +(TRACE|DEBUG|INFO|WARN|ERROR) .*"))
                .toList());
    }

    static String stories() {
        return Path.of(System.getProperty("mnemos.shared.models", "../../shared/models"), "stories260K.gguf").toString();
    }

    @Test
    void should_print_llama_cpp_greedy_completion_and_nothing_else_when_temperature_is_zero(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("generate", "--model", stories(), "--prompt", "Once upon a time", "--max-tokens", "64", "--threads", "1");
        assertThat(result.exitCode()).isZero();
        assertThat(printed(result)).isEqualTo(", there was a little girl named Lily. She loved to play outside in the park. One day, she saw a big, red ball. She wanted to play with it, but it was too high.\nLily's mom said");
    }

    @Test
    void should_give_the_same_text_when_sampling_with_the_same_seed(QuarkusMainLauncher launcher) {
        String[] args = {"generate", "--model", stories(), "--prompt", "Once upon a time", "--max-tokens", "30", "--temperature", "1.0", "--seed", "7", "--threads", "1"};
        LaunchResult first = launcher.launch(args);
        LaunchResult second = launcher.launch(args);
        assertThat(first.exitCode()).isZero();
        assertThat(printed(first)).isNotBlank().isEqualTo(printed(second));
    }

    @Test
    void should_say_it_runs_on_the_cpu_and_complete_as_there_when_auto_finds_no_gpu(QuarkusMainLauncher launcher) {
        CudaProbe probe = CudaDevice.probe();
        Assumptions.assumeFalse(probe.available(), "a CUDA device is here, so auto would pick it");
        LaunchResult result = launcher.launch("generate", "--model", stories(), "--prompt", "Once upon a time", "--max-tokens", "8", "--threads", "1",
                "--device", "auto");
        assertThat(result.exitCode()).isZero();
        assertThat(result.getErrorOutput()).contains("Running on the CPU: --device auto found no CUDA device (" + probe.reason() + ").");
        assertThat(printed(result)).isEqualTo(", there was a little girl");
    }

    @Test
    void should_refuse_with_the_reason_when_cuda_is_asked_for_without_a_gpu_or_the_device_is_unknown(QuarkusMainLauncher launcher) {
        Assumptions.assumeFalse(CudaDevice.probe().available(), "a CUDA device is here");
        LaunchResult cuda = launcher.launch("generate", "--model", stories(), "--prompt", "Hi", "--device", "cuda");
        assertThat(cuda.exitCode()).isNotZero();
        assertThat(cuda.getErrorOutput()).contains("--device cuda was asked for, but there is no CUDA device").contains("Use --device cpu or --device auto.");
        LaunchResult unknown = launcher.launch("generate", "--model", stories(), "--prompt", "Hi", "--device", "tpu");
        assertThat(unknown.exitCode()).isNotZero();
        assertThat(unknown.getErrorOutput()).contains("--device takes auto, cpu or cuda, not 'tpu'");
    }

    @Test
    void should_fail_with_a_clear_message_when_the_model_file_is_missing(QuarkusMainLauncher launcher) {
        LaunchResult result = launcher.launch("generate", "--model", "no-such-model.gguf", "--prompt", "Hi");
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.getErrorOutput()).contains("no-such-model.gguf");
    }
}
