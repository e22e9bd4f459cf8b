package dev.mnemos.inference.compute;

import dev.mnemos.inference.tensor.DenseKernels;
import dev.mnemos.inference.tensor.FloatTensor;

/**
 * Weight matrices × activations on a {@link ComputePool}, rows split across the threads. Up to three
 * matrices that read the same input (q, k, v; gate and up) go in one pass of the pool, so that the threads
 * meet once rather than once per matrix. One instance is one reusable task (its operands are fields set per
 * call), so a call allocates nothing; it belongs to one model state and is not for concurrent use.
 */
public final class Matmul implements ParallelTask {

    /** Rows go to threads in multiples of four: the kernels compute up to four rows per pass. */
    private static final int GRAIN = 4;
    /** Below this many multiply-adds a pass runs on the calling thread: waking the pool would cost more. */
    private static final long SERIAL_WORK = 1 << 16;

    private final ComputePool pool;
    private final float[][] scratch; // (thread, FloatTensor.matmulScratch(maxColumns)): dequantized weight rows for prefill
    private final float[][] transposed; // (thread, maxColumns * lanes(maxBatch)): the batch, tokens in lanes

    private final FloatTensor[] weights = new FloatTensor[3];
    private final float[][] outs = new float[3][];
    private final int[] rows = new int[3];
    private int matrices;
    private float[] x;
    private int tokens;
    private int cols;

    public Matmul(ComputePool pool, int maxColumns, int maxBatch) {
        this.pool = pool;
        this.scratch = new float[pool.threads()][FloatTensor.matmulScratch(maxColumns)];
        this.transposed = new float[pool.threads()][maxBatch > 1 ? maxColumns * DenseKernels.lanes(maxBatch) : 0];
    }

    public ComputePool pool() {
        return pool;
    }

    /**
     * {@code out[t*rows + r] = weights.row(r) · x[t*cols ..]} for {@code tokens} rows of {@code x}:
     * {@code x} is (tokens, cols), {@code weights} (rows, cols), {@code out} (tokens, rows).
     */
    public void apply(FloatTensor weights, float[] x, int tokens, float[] out, int rows, int cols) {
        set(0, weights, out, rows, cols);
        run(x, tokens, cols, 1);
    }

    /** Two matrices of the same input, as {@link #apply} each, in one pass. */
    public void apply(float[] x, int tokens, int cols, FloatTensor w0, float[] out0, int rows0, FloatTensor w1, float[] out1, int rows1) {
        set(0, w0, out0, rows0, cols);
        set(1, w1, out1, rows1, cols);
        run(x, tokens, cols, 2);
    }

    /** Three matrices of the same input, as {@link #apply} each, in one pass. */
    public void apply(float[] x, int tokens, int cols, FloatTensor w0, float[] out0, int rows0, FloatTensor w1, float[] out1, int rows1, FloatTensor w2, float[] out2, int rows2) {
        set(0, w0, out0, rows0, cols);
        set(1, w1, out1, rows1, cols);
        set(2, w2, out2, rows2, cols);
        run(x, tokens, cols, 3);
    }

    private void set(int i, FloatTensor w, float[] out, int rowCount, int cols) {
        assert w.size() == (long) rowCount * cols : "weights of " + w.size() + " elements are not " + rowCount + " × " + cols;
        weights[i] = w;
        outs[i] = out;
        rows[i] = rowCount;
    }

    private void run(float[] x, int tokens, int cols, int matrices) {
        this.x = x;
        this.tokens = tokens;
        this.cols = cols;
        this.matrices = matrices;
        long work = 0;
        for (int i = 0; i < matrices; i++) {
            work += (long) rows[i] * cols * tokens;
        }
        if (work < SERIAL_WORK) {
            run(0, 1);
        } else {
            pool.run(this);
        }
        this.x = null;
        for (int i = 0; i < matrices; i++) {
            weights[i] = null;
            outs[i] = null;
        }
    }

    /** Each thread transposes the whole batch for itself (a small part of the work), then does its rows. */
    @Override
    public void run(int part, int parts) {
        int lanes = DenseKernels.lanes(tokens);
        if (tokens > 1) {
            DenseKernels.transpose(x, tokens, cols, transposed[part], lanes);
        }
        for (int i = 0; i < matrices; i++) {
            int from = ParallelTask.splitPoint(rows[i], part, parts, GRAIN);
            int to = ParallelTask.splitPoint(rows[i], part + 1, parts, GRAIN);
            if (from >= to) {
                continue;
            }
            if (tokens == 1) {
                weights[i].matvec(x, 0, outs[i], cols, from, to);
            } else {
                weights[i].matmul(transposed[part], lanes, tokens, outs[i], rows[i], cols, from, to, scratch[part]);
            }
        }
    }
}
