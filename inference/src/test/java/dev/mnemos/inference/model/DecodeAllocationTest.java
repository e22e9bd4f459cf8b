package dev.mnemos.inference.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.ThreadMXBean;
import dev.mnemos.inference.compute.ComputePool;
import dev.mnemos.inference.gguf.GgmlType;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The decode loop allocates nothing: every buffer lives in {@link State}, every task is reused. */
class DecodeAllocationTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    // Not the K-quants: their kernels sit at the edge of C2's inlining budget, and in some JVMs (Q4_K about one
    // in seven, Q6_K one in four, after this module's other tests) C2 still boxes their vectors (README, Kernels)
    @ValueSource(strings = {"stories260K", "Q8_0", "Q4_0"})
    void should_allocate_nothing_per_token_when_decoding_after_warm_up(String weights) throws Exception {
        Path file = weights.equals("stories260K")
                ? Stories260KTest.sharedModel("stories260K.gguf")
                : TransformerTest.write(dir, "qwen2", GgmlType.valueOf(weights), false);
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (Model model = Model.open(file); ComputePool pool = new ComputePool(1)) {
            Transformer transformer = new Transformer(model);
            State state = transformer.newState(pool, 64, 8);
            int[] token = {1};
            long allocated = Long.MAX_VALUE;
            // Until C2 has compiled every kernel (C1 boxes vectors; a JVM that ran other types first takes longer)
            for (int attempt = 0; attempt < 8 && allocated >= 1024; attempt++) {
                for (int round = 0; round < 10_000; round++) {
                    token[0] = Stories260KTest.argmax(transformer.forward(state, token, 0, 1, round % 32));
                }
                long before = threads.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < 30; i++) {
                    token[0] = Stories260KTest.argmax(transformer.forward(state, token, 0, 1, 32 + i));
                }
                allocated = threads.getCurrentThreadAllocatedBytes() - before;
            }
            assertThat(allocated).as("bytes allocated by 30 decode steps").isLessThan(1024);
        }
    }
}
