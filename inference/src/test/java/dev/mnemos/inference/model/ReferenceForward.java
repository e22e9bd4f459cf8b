package dev.mnemos.inference.model;

import dev.mnemos.inference.gguf.Dequantizer;
import dev.mnemos.inference.gguf.GgufFile;
import dev.mnemos.inference.gguf.GgufTensorInfo;

/**
 * The oracle: a plain scalar forward pass of Llama/Qwen2 over weights dequantized to float[] by the
 * format's reference dequantizers, with naive loops and no cache tricks. It shares nothing with the fast
 * path but the metadata records.
 */
final class ReferenceForward {

    private final GgufFile file;
    private final ModelShape s;
    private final RopeConfig rope;
    private final boolean neox;
    private final float[][][] keyCache; // (layer, position, kvDim)
    private final float[][][] valueCache;

    ReferenceForward(Model model, int positions) {
        this.file = model.file();
        this.s = model.shape();
        this.rope = model.rope();
        this.neox = model.architecture() == Architecture.QWEN2;
        this.keyCache = new float[s.blockCount()][positions][];
        this.valueCache = new float[s.blockCount()][positions][];
    }

    private float[] weights(String name) {
        GgufTensorInfo info = file.tensor(name);
        float[] out = new float[(int) info.elementCount()];
        Dequantizer.of(info.type()).dequantize(file.tensorData(info), 0, out, out.length);
        return out;
    }

    private float[] optional(String name) {
        return file.findTensor(name).isPresent() ? weights(name) : null;
    }

    /** y = W x for W of (rows, cols) row-major. */
    private static float[] matmul(float[] w, float[] x, int rows, int cols) {
        float[] y = new float[rows];
        for (int r = 0; r < rows; r++) {
            double sum = 0;
            for (int c = 0; c < cols; c++) sum += (double) w[r * cols + c] * x[c];
            y[r] = (float) sum;
        }
        return y;
    }

    private float[] rmsnorm(float[] x, float[] weight) {
        double ss = 0;
        for (float v : x) ss += (double) v * v;
        double scale = 1 / Math.sqrt(ss / x.length + s.rmsNormEpsilon());
        float[] out = new float[x.length];
        for (int i = 0; i < x.length; i++) out[i] = (float) (weight[i] * x[i] * scale);
        return out;
    }

    private void rotate(float[] v, int heads, int position) {
        int d = rope.dimensionCount();
        for (int h = 0; h < heads; h++) {
            for (int i = 0; i < d / 2; i++) {
                double angle = position * Math.pow(rope.freqBase(), -2.0 * i / d);
                int a = h * s.headSize() + (neox ? i : 2 * i);
                int b = neox ? a + d / 2 : a + 1;
                double x0 = v[a], x1 = v[b];
                v[a] = (float) (x0 * Math.cos(angle) - x1 * Math.sin(angle));
                v[b] = (float) (x0 * Math.sin(angle) + x1 * Math.cos(angle));
            }
        }
    }

    /** Logits after {@code token} at {@code position} (earlier positions must have been run). */
    float[] forward(int token, int position) {
        int dim = s.embeddingLength(), hs = s.headSize(), kvDim = s.kvDim(), ffn = s.feedForwardLength();
        float[] x = new float[dim];
        System.arraycopy(weights("token_embd.weight"), token * dim, x, 0, dim);
        for (int l = 0; l < s.blockCount(); l++) {
            String blk = "blk." + l + ".";
            float[] xb = rmsnorm(x, weights(blk + "attn_norm.weight"));
            float[] q = matmul(weights(blk + "attn_q.weight"), xb, s.queryDim(), dim);
            float[] k = matmul(weights(blk + "attn_k.weight"), xb, kvDim, dim);
            float[] v = matmul(weights(blk + "attn_v.weight"), xb, kvDim, dim);
            float[] bq = optional(blk + "attn_q.bias"), bk = optional(blk + "attn_k.bias"), bv = optional(blk + "attn_v.bias");
            for (int i = 0; bq != null && i < q.length; i++) q[i] += bq[i];
            for (int i = 0; bk != null && i < k.length; i++) k[i] += bk[i];
            for (int i = 0; bv != null && i < v.length; i++) v[i] += bv[i];
            rotate(q, s.headCount(), position);
            rotate(k, s.headCountKv(), position);
            keyCache[l][position] = k;
            valueCache[l][position] = v;
            float[] attended = new float[s.queryDim()];
            for (int h = 0; h < s.headCount(); h++) {
                int kvHead = h / s.groupSize();
                double[] scores = new double[position + 1];
                double max = Double.NEGATIVE_INFINITY;
                for (int p = 0; p <= position; p++) {
                    double dot = 0;
                    for (int i = 0; i < hs; i++) dot += (double) q[h * hs + i] * keyCache[l][p][kvHead * hs + i];
                    scores[p] = dot / Math.sqrt(hs);
                    max = Math.max(max, scores[p]);
                }
                double sum = 0;
                for (int p = 0; p <= position; p++) sum += scores[p] = Math.exp(scores[p] - max);
                for (int i = 0; i < hs; i++) {
                    double acc = 0;
                    for (int p = 0; p <= position; p++) acc += scores[p] / sum * valueCache[l][p][kvHead * hs + i];
                    attended[h * hs + i] = (float) acc;
                }
            }
            float[] o = matmul(weights(blk + "attn_output.weight"), attended, dim, s.queryDim());
            for (int i = 0; i < dim; i++) x[i] += o[i];
            xb = rmsnorm(x, weights(blk + "ffn_norm.weight"));
            float[] gate = matmul(weights(blk + "ffn_gate.weight"), xb, ffn, dim);
            float[] up = matmul(weights(blk + "ffn_up.weight"), xb, ffn, dim);
            for (int i = 0; i < ffn; i++) gate[i] = (float) (gate[i] / (1 + Math.exp(-gate[i])) * up[i]);
            float[] down = matmul(weights(blk + "ffn_down.weight"), gate, dim, ffn);
            for (int i = 0; i < dim; i++) x[i] += down[i];
        }
        float[] out = rmsnorm(x, weights("output_norm.weight"));
        String classifier = file.findTensor("output.weight").isPresent() ? "output.weight" : "token_embd.weight";
        return matmul(weights(classifier), out, s.vocabularySize(), dim);
    }
}
