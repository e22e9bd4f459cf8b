package dev.mnemos.inference.compute;

import dev.mnemos.inference.tensor.FloatTensor;

/**
 * Weight matrix × activations on a {@link ComputePool}, rows split across the threads. One instance is
 * one reusable task (its operands are fields set per call), so a call allocates nothing; it belongs to
 * one model state and is not for concurrent use.
 */
public final class Matmul implements ParallelTask {

    /** Rows go to threads in multiples of four: the kernels compute four rows per pass. */
    private static final int GRAIN = 4;
    /** Below this many multiply-adds a matrix runs on the calling thread: waking the pool would cost more. */
    private static final long SERIAL_WORK = 1 << 16;

    private final ComputePool pool;
    private final float[][] scratch; // (thread, 2 * maxColumns): dequantized weight rows for prefill

    private FloatTensor weights;
    private float[] x;
    private float[] out;
    private int tokens;
    private int rows;
    private int cols;

    public Matmul(ComputePool pool, int maxColumns) {
        this.pool = pool;
        this.scratch = new float[pool.threads()][2 * maxColumns];
    }

    public ComputePool pool() {
        return pool;
    }

    /**
     * {@code out[t*rows + r] = weights.row(r) · x[t*cols ..]} for {@code tokens} rows of {@code x}:
     * {@code x} is (tokens, cols), {@code weights} (rows, cols), {@code out} (tokens, rows).
     */
    public void apply(FloatTensor weights, float[] x, int tokens, float[] out, int rows, int cols) {
        assert weights.size() == (long) rows * cols : "weights of " + weights.size() + " elements are not " + rows + " × " + cols;
        this.weights = weights;
        this.x = x;
        this.tokens = tokens;
        this.out = out;
        this.rows = rows;
        this.cols = cols;
        if ((long) rows * cols * tokens < SERIAL_WORK) {
            run(0, 1);
        } else {
            pool.run(this);
        }
        this.weights = null;
        this.x = null;
        this.out = null;
    }

    @Override
    public void run(int part, int parts) {
        int from = ParallelTask.splitPoint(rows, part, parts, GRAIN);
        int to = ParallelTask.splitPoint(rows, part + 1, parts, GRAIN);
        if (from < to) {
            weights.matmul(x, tokens, out, rows, cols, from, to, scratch[part]);
        }
    }
}
