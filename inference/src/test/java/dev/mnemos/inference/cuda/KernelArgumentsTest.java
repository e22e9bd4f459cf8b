package dev.mnemos.inference.cuda;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jcuda.driver.CUdeviceptr;
import org.junit.jupiter.api.Test;

/** Kernel arguments against the parameters the shipped PTX declares, checked before any launch. */
class KernelArgumentsTest {

    private final CUdeviceptr p = new CUdeviceptr();

    @Test
    void should_accept_arguments_of_the_declared_number_and_kinds() {
        assertThatCode(() -> KernelArguments.check("norm", "rmsnorm", p, p, p, 256, 1e-5f)).doesNotThrowAnyException();
    }

    @Test
    void should_refuse_an_int_where_the_kernel_takes_a_float() {
        assertThatThrownBy(() -> KernelArguments.check("norm", "rmsnorm", p, p, p, 256, 1))
                .hasMessageContaining("norm.rmsnorm declares (u64, u64, u64, u32, f32) but is given (u64, u64, u64, u32, u32)");
    }

    @Test
    void should_refuse_an_argument_too_few() {
        assertThatThrownBy(() -> KernelArguments.check("activation", "residual_add", p, p)).hasMessageContaining("residual_add declares");
    }

    @Test
    void should_name_the_kernels_of_the_module_when_the_kernel_does_not_exist() {
        assertThatThrownBy(() -> KernelArguments.check("activation", "gelu", p)).hasMessageContaining("no kernel gelu in activation.ptx")
                .hasMessageContaining("swiglu");
    }

    @Test
    void should_refuse_a_plan_launch_whose_arguments_do_not_match() {
        assertThatThrownBy(() -> new LaunchPlan(null).add("tokens", "advance", 1, 1, 1, p)).hasMessageContaining("tokens.advance declares");
    }

    @Test
    void should_refuse_a_grid_beyond_the_driver_limits() {
        assertThatThrownBy(() -> new LaunchPlan(null).add("tokens", "advance", 1, 65_536, 1, p, p)).hasMessageContaining("grid 1 x 65536");
        assertThatThrownBy(() -> new LaunchPlan(null).add("tokens", "advance", 1, 1, 2048, p, p)).hasMessageContaining("of 2048 threads");
    }
}
