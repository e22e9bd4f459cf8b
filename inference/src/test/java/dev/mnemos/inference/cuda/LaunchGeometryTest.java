package dev.mnemos.inference.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mnemos.inference.gguf.GgmlType;
import java.util.List;
import jcuda.driver.CUdeviceptr;
import org.junit.jupiter.api.Test;

/** Grid sizes and kernel choices of the decode step, without a GPU. */
class LaunchGeometryTest {

    @Test
    void should_split_long_contexts_finely_and_short_ones_for_occupancy() {
        // An H200 has 132 SMs: 32 heads want 17 splits for four blocks per SM.
        assertThat(LaunchGeometry.splits(64, 32, 132)).isEqualTo(17);
        assertThat(LaunchGeometry.splits(2048, 32, 132)).as("32K positions: 16 pages a split").isEqualTo(128);
        assertThat(LaunchGeometry.splits(1_000_000, 32, 132)).isEqualTo(LaunchGeometry.MAX_SPLITS);
        assertThat(LaunchGeometry.splits(3, 32, 132)).as("never more splits than pages").isEqualTo(3);
        assertThat(LaunchGeometry.splits(1, 1, 1)).isEqualTo(1);
        assertThatThrownBy(() -> LaunchGeometry.splits(0, 32, 132)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void should_cover_every_element_and_page_when_grids_are_sized() {
        assertThat(LaunchGeometry.elementwiseGrid(1)).isEqualTo(1);
        assertThat(LaunchGeometry.elementwiseGrid(256)).isEqualTo(1);
        assertThat(LaunchGeometry.elementwiseGrid(257)).isEqualTo(2);
        assertThat(LaunchGeometry.pageGrid(2049) * LaunchGeometry.ATTENTION_WARPS).isGreaterThanOrEqualTo(2049);
        assertThat(LaunchGeometry.headBlock(64)).isEqualTo(64);
        assertThat(LaunchGeometry.headBlock(80)).isEqualTo(96);
        assertThat(LaunchGeometry.headBlock(256)).isEqualTo(256);
    }

    @Test
    void should_name_a_shipped_kernel_for_every_weight_type_the_cpu_computes_with() {
        var entries = Ptx.entries(Ptx.load("matvec"));
        for (GgmlType type : List.of(GgmlType.F32, GgmlType.F16, GgmlType.BF16, GgmlType.Q8_0, GgmlType.Q4_0, GgmlType.Q4_K, GgmlType.Q6_K)) {
            DeviceMatrix m = DeviceMatrix.of("w", type, 300, 512, new CUdeviceptr());
            assertThat(entries).contains(m.matvecKernel(), m.matmulKernel());
            assertThat(m.bytes()).isEqualTo(type.byteSize(300L * 512));
        }
        assertThatThrownBy(() -> new DeviceMatrix("w", GgmlType.Q4_K, 4, 100, new CUdeviceptr(), 1)).hasMessageContaining("not whole Q4_K blocks");
        GgmlType unsupported = java.util.Arrays.stream(GgmlType.values())
                .filter(t -> !List.of("F32", "F16", "BF16", "Q8_0", "Q4_0", "Q4_K", "Q6_K").contains(t.name())).findFirst().orElseThrow();
        assertThatThrownBy(() -> new DeviceMatrix("w", unsupported, 4, 256, new CUdeviceptr(), 1)).hasMessageContaining("no CUDA kernel for " + unsupported);
    }

    @Test
    void should_split_rows_among_warps_when_a_matrix_has_few_rows_and_long_ones() {
        // Llama 3.2 1B's shapes: k/v (512 x 2048), q/o (2048 x 2048), gate/up (8192 x 2048), down (2048 x 8192), output (32000 x 2048)
        assertThat(DeviceMatrix.splitFor(512, 2048)).isEqualTo(8);
        assertThat(DeviceMatrix.splitFor(2048, 2048)).isEqualTo(4);
        assertThat(DeviceMatrix.splitFor(2048, 8192)).isEqualTo(4);
        assertThat(DeviceMatrix.splitFor(8192, 2048)).isEqualTo(1);
        assertThat(DeviceMatrix.splitFor(32_000, 2048)).isEqualTo(1);
        assertThat(DeviceMatrix.splitFor(300, 1024)).as("each part keeps a 256-value stretch").isEqualTo(4);
        assertThat(DeviceMatrix.splitFor(100, 256)).isEqualTo(1);
        assertThat(DeviceMatrix.splitFor(16, 1 << 20)).isEqualTo(8);
        DeviceMatrix m = new DeviceMatrix("w", GgmlType.Q8_0, 300, 1024, new CUdeviceptr(), 4);
        assertThat(m.gridX()).as("two rows a block").isEqualTo(150);
        assertThatThrownBy(() -> new DeviceMatrix("w", GgmlType.Q8_0, 300, 1024, new CUdeviceptr(), 3)).hasMessageContaining("not 3");
    }

    @Test
    void should_refuse_arguments_a_kernel_cannot_take_when_they_are_packed() {
        assertThat(KernelArguments.pack(new CUdeviceptr(), 3, 2.5f)).isNotNull();
        assertThatThrownBy(() -> KernelArguments.pack(1L)).hasMessageContaining("kernel argument 0 is a Long");
        assertThatThrownBy(() -> KernelArguments.pack(1, null)).hasMessageContaining("kernel argument 1 is null");
        assertThatThrownBy(() -> new LaunchPlan.Launch("k", 0, 1, 32, new Object[0])).hasMessageContaining("grid 0 x 1");
        assertThatThrownBy(() -> new LaunchPlan.Launch("k", 1, 1, 2048, new Object[0])).hasMessageContaining("of 2048 threads");
    }
}
