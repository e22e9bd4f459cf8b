package dev.mnemos.inference.kv.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.inference.compute.ComputePool;
import dev.mnemos.inference.kv.TestModels;
import dev.mnemos.inference.kv.fidelity.StreamRun;
import dev.mnemos.inference.model.Model;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SinkWindowPolicyTest {

    @TempDir
    Path folder;

    @Test
    void should_keep_the_first_positions_and_the_last_window_when_the_stream_outgrows_the_budget() {
        try (CraftedAttention run = new CraftedAttention(new SinkWindowPolicy(2, 5), Set.of())) {
            for (int i = 0; i < 40; i++) run.forward(1);
            assertThat(run.positions()).containsExactly(0, 1, 35, 36, 37, 38, 39);
            assertThat(run.cache.length()).isEqualTo(40); // positions keep growing
        }
    }

    @Test
    void should_hold_resident_kv_and_allocated_storage_constant_when_streaming_3000_tokens() throws Exception {
        try (Model model = Model.open(TestModels.smallQwen2(folder)); ComputePool pool = new ComputePool(1)) {
            List<StreamRun.Sample> samples = StreamRun.run(model, pool, new SinkWindowPolicy(4, 60), 16, 3000, 10, s -> {});
            assertThat(samples).hasSize(10);
            StreamRun.Sample first = samples.getFirst();
            // evictions keep streams dense: 64 tokens are 4 pages of 16 in each of 2 layers x 2 kv heads
            assertThat(first.residentBytes()).isEqualTo(2 * 2 * 4 * (2L * 16 * 16 * Float.BYTES));
            for (StreamRun.Sample s : samples) {
                assertThat(s.residentBytes()).as("at %d tokens", s.tokens()).isEqualTo(first.residentBytes());
                assertThat(s.allocatedBytes()).as("at %d tokens", s.tokens()).isEqualTo(first.allocatedBytes());
            }
        }
    }
}
