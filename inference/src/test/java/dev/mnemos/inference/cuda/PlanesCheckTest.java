package dev.mnemos.inference.cuda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.inference.gguf.GgmlType;
import jcuda.driver.CUdeviceptr;
import org.junit.jupiter.api.Test;

/**
 * What GpuCheck's timing of the two Q8_0/Q4_0 kernels launches, planned without a device: each launch is checked
 * against its kernel's PTX signature as it is added, so a wrong name or argument fails here, not in the GPU run.
 */
class PlanesCheckTest {

    @Test
    void should_plan_every_matrix_of_a_1b_step_once_with_each_layouts_kernel_over_the_same_bytes() {
        for (GgmlType type : PlanesCheck.TYPES) {
            long matrices = 0;
            var s = GpuCheck.BILLION;
            matrices += s.blockCount() * type.byteSize((long) s.embeddingLength() * (2L * s.queryDim() + 2L * s.kvDim() + 3L * s.feedForwardLength()));
            matrices += type.byteSize((long) s.vocabularySize() * s.embeddingLength());
            assertThat(PlanesCheck.bytes(type, s)).as("%s bytes, each matrix from a 256-byte boundary", type)
                    .isBetween(matrices, matrices + 256L * (7 * s.blockCount() + 1));
            for (MatrixLayout layout : MatrixLayout.values()) {
                LaunchPlan plan = PlanesCheck.matrices(null, type, layout, s, new CUdeviceptr(), new CUdeviceptr(), new CUdeviceptr());
                assertThat(plan.launches()).hasSize(7 * s.blockCount() + 1);
                String suffix = layout == MatrixLayout.PLANES ? "_planes" : type.name().toLowerCase(java.util.Locale.ROOT);
                assertThat(plan.launches()).allMatch(l -> l.kernel().startsWith("matvec.matvec_") && l.kernel().endsWith(suffix), layout + " kernels");
            }
        }
    }
}
