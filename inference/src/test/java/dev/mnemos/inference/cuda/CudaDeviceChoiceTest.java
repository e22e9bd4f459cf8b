package dev.mnemos.inference.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** {@code --device auto|cpu|cuda}, with the real probe and with written ones. */
class CudaDeviceChoiceTest {

    private static final CudaProbe NONE = CudaProbe.none("the CUDA driver library could not be loaded (libcuda.so.1)");
    private static final CudaProbe H200 = CudaProbe.found(new CudaDevice(0, "NVIDIA H200", 150_000_000_000L, 9, 0, 132, 13000));

    @Test
    void should_return_a_reason_instead_of_throwing_when_the_probe_runs_here() {
        CudaProbe first = CudaDevice.probe();
        // A second probe goes through JCuda's class after a failed native load, a different error path.
        CudaProbe second = CudaDevice.probe();
        assertThat(second.available()).isEqualTo(first.available());
        if (!first.available()) {
            assertThat(first.reason()).isNotBlank();
            assertThat(second.reason()).isNotBlank();
        } else {
            assertThat(first.device().orElseThrow().major()).isGreaterThanOrEqualTo(CudaDevice.REQUIRED_MAJOR);
        }
    }

    @Test
    void should_pick_what_the_probe_found_when_auto_is_asked_for() {
        CudaProbe probe = CudaDevice.probe();
        Device.Choice choice = Device.choose("auto", () -> probe);
        assertThat(choice.device()).isEqualTo(probe.available() ? Device.CUDA : Device.CPU);
        assertThat(choice.reason()).contains(probe.available() ? probe.device().orElseThrow().name() : probe.reason());
    }

    @Test
    void should_pick_the_cpu_and_say_why_when_auto_finds_no_cuda_device() {
        Device.Choice choice = Device.choose("auto", () -> NONE);
        assertThat(choice.device()).isEqualTo(Device.CPU);
        assertThat(choice.reason()).isEqualTo("Running on the CPU: --device auto found no CUDA device (" + NONE.reason() + ").");
    }

    @Test
    void should_pick_cuda_and_name_the_gpu_when_auto_finds_one() {
        Device.Choice choice = Device.choose(" AUTO ", () -> H200);
        assertThat(choice.device()).isEqualTo(Device.CUDA);
        assertThat(choice.reason()).startsWith("Running on CUDA (NVIDIA H200, ").contains("compute 9.0", "132 SMs", "driver CUDA 13.0");
    }

    @Test
    void should_fail_with_the_probe_reason_when_cuda_is_asked_for_without_a_device() {
        assertThatThrownBy(() -> Device.choose("cuda", () -> NONE)).isInstanceOf(IllegalStateException.class)
                .hasMessage("--device cuda was asked for, but there is no CUDA device: " + NONE.reason() + ". Use --device cpu or --device auto.");
    }

    @Test
    void should_fail_with_a_clear_message_when_cuda_is_asked_for_on_a_machine_without_a_gpu() {
        CudaProbe probe = CudaDevice.probe();
        Assumptions.assumeFalse(probe.available(), () -> "a CUDA device is present: " + probe.device().orElseThrow().describe());
        assertThatThrownBy(() -> Device.choose("cuda")).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("--device cuda was asked for, but there is no CUDA device: ").hasMessageContaining(probe.reason());
    }

    @Test
    void should_not_probe_when_cpu_is_asked_for() {
        Device.Choice choice = Device.choose("cpu", () -> {
            throw new AssertionError("--device cpu probed the driver");
        });
        assertThat(choice).isEqualTo(new Device.Choice(Device.CPU, "Running on the CPU, as --device cpu asks."));
    }

    @Test
    void should_refuse_when_the_option_is_not_a_device() {
        assertThatThrownBy(() -> Device.choose("gpu", () -> H200)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--device takes auto, cpu or cuda, not 'gpu'");
        assertThat(CudaProbe.none("x").device()).isEqualTo(Optional.empty());
    }
}
