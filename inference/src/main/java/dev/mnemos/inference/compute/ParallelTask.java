package dev.mnemos.inference.compute;

/** Work that a {@link ComputePool} splits across its threads: each thread runs its own {@code part}. */
@FunctionalInterface
public interface ParallelTask {

    /** Runs part {@code part} of {@code parts} (0 ≤ part &lt; parts). */
    void run(int part, int parts);

    /** The first index of {@code part} when {@code count} items are split into {@code parts} runs, aligned to {@code grain}. */
    static int splitPoint(int count, int part, int parts, int grain) {
        long units = (count + grain - 1) / grain;
        return (int) Math.min(count, units * part / parts * grain);
    }
}
