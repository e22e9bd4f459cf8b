package dev.mnemos.inference.kv.fidelity;

import dev.mnemos.inference.compute.ComputePool;
import dev.mnemos.inference.kv.policy.FullPolicy;
import dev.mnemos.inference.model.Model;
import java.util.SplittableRandom;

/** Text the model itself writes: BOS, then tokens sampled at temperature 1 from full attention (seeded). */
public final class ModelText {

    private ModelText() {}

    public static int[] sample(Model model, ComputePool pool, int length, int bos, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] tokens = new int[length];
        tokens[0] = bos;
        double[] logProbabilities = new double[model.shape().vocabularySize()];
        try (PagedSession session = new PagedSession(model, pool, new FullPolicy(), 16, 1)) {
            for (int i = 1; i < length; i++) {
                float[] logits = session.step(tokens[i - 1]);
                Distributions.logSoftmax(logits, logProbabilities);
                double u = random.nextDouble(), cumulative = 0;
                int next = logProbabilities.length - 1;
                for (int t = 0; t < logProbabilities.length; t++) {
                    cumulative += Math.exp(logProbabilities[t]);
                    if (u < cumulative) {
                        next = t;
                        break;
                    }
                }
                tokens[i] = next;
            }
        }
        return tokens;
    }
}
