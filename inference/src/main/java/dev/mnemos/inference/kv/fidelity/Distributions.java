package dev.mnemos.inference.kv.fidelity;

/** Comparing next-token distributions given as logits. */
final class Distributions {

    private Distributions() {}

    static int argmax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) if (logits[i] > logits[best]) best = i;
        return best;
    }

    /** log softmax of {@code logits} into {@code into}. */
    static void logSoftmax(float[] logits, double[] into) {
        double max = Double.NEGATIVE_INFINITY;
        for (float l : logits) max = Math.max(max, l);
        double sum = 0;
        for (float l : logits) sum += Math.exp(l - max);
        double logSum = max + Math.log(sum);
        for (int i = 0; i < logits.length; i++) into[i] = logits[i] - logSum;
    }

    /** KL(P ‖ Q) in nats, with P and Q given as log probabilities. */
    static double kl(double[] logP, double[] logQ) {
        double kl = 0;
        for (int i = 0; i < logP.length; i++) kl += Math.exp(logP[i]) * (logP[i] - logQ[i]);
        return Math.max(0, kl);
    }
}
