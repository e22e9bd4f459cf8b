package dev.mnemos.inference.compute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class ComputePoolTest {

    @Test
    void should_run_every_part_once_on_its_own_thread_when_run_many_times() {
        try (ComputePool pool = new ComputePool(2)) {
            AtomicIntegerArray runs = new AtomicIntegerArray(2);
            for (int i = 0; i < 2_000; i++) {
                pool.run((part, parts) -> {
                    assertThat(parts).isEqualTo(2);
                    runs.incrementAndGet(part);
                });
            }
            for (int part = 0; part < 2; part++) {
                assertThat(runs.get(part)).isEqualTo(2_000);
            }
        }
    }

    @Test
    void should_wake_parked_workers_when_a_task_comes_after_a_pause() throws Exception {
        try (ComputePool pool = new ComputePool(2)) {
            AtomicIntegerArray runs = new AtomicIntegerArray(2);
            pool.run((part, parts) -> runs.incrementAndGet(part));
            Thread.sleep(200); // long past the spin phase: the worker is parked
            pool.run((part, parts) -> runs.incrementAndGet(part));
            assertThat(runs.get(1)).isEqualTo(2);
        }
    }

    @Test
    void should_rethrow_a_failure_of_a_worker_part_when_the_run_ends() {
        try (ComputePool pool = new ComputePool(2)) {
            assertThatThrownBy(() -> pool.run((part, parts) -> {
                if (part == 1) throw new IllegalStateException("part 1 failed");
            })).hasMessage("part 1 failed");
            pool.run((part, parts) -> {}); // still usable
        }
    }

    @Test
    void should_split_rows_in_multiples_of_the_grain_covering_all_when_splitting() {
        assertThat(ParallelTask.splitPoint(768, 0, 2, 4)).isZero();
        assertThat(ParallelTask.splitPoint(768, 1, 2, 4)).isEqualTo(384);
        assertThat(ParallelTask.splitPoint(10, 1, 3, 4)).isEqualTo(4);
        assertThat(ParallelTask.splitPoint(10, 3, 3, 4)).isEqualTo(10);
    }
}
