package dev.mnemos.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.inference.cuda.CudaDevice;
import io.quarkus.test.junit.main.LaunchResult;
import io.quarkus.test.junit.main.QuarkusMainLauncher;
import io.quarkus.test.junit.main.QuarkusMainTest;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mnemos chat --device}: a local model runs where the option says, and a device that is not there is refused before anything starts. */
@QuarkusMainTest
class ChatDeviceTest {

    @Test
    void should_refuse_with_the_reason_when_chat_asks_for_cuda_without_a_gpu(QuarkusMainLauncher launcher, @TempDir Path data) {
        Assumptions.assumeFalse(CudaDevice.probe().available(), "a CUDA device is here");
        LaunchResult result = launcher.launch("chat", "--model", GenerateCommandTest.stories(), "--data-dir", data.toString(), "--device", "cuda");
        assertThat(result.exitCode()).isNotZero();
        assertThat(result.getErrorOutput()).contains("--device cuda was asked for, but there is no CUDA device").contains("Use --device cpu or --device auto.")
                .doesNotContain("does not run on the CUDA backend yet");
        LaunchResult unknown = launcher.launch("chat", "--model", GenerateCommandTest.stories(), "--data-dir", data.toString(), "--device", "tpu");
        assertThat(unknown.exitCode()).isNotZero();
        assertThat(unknown.getErrorOutput()).contains("--device takes auto, cpu or cuda, not 'tpu'");
    }
}
