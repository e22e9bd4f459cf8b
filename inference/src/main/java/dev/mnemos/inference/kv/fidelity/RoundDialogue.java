package dev.mnemos.inference.kv.fidelity;

import dev.mnemos.inference.compute.ComputePool;
import dev.mnemos.inference.kv.KvPolicy;
import dev.mnemos.inference.kv.policy.FullPolicy;
import dev.mnemos.inference.model.Model;

/**
 * A dialogue of rounds run under full attention and under a round-level policy in lockstep: each round is
 * marked, its first {@code promptTokens} go in as one prefill (the user's turn), the rest teacher-forced one
 * at a time (the answer), and each answer prediction is compared with full attention's.
 */
public final class RoundDialogue {

    /**
     * @param rounds           rounds in the dialogue
     * @param predictions      answer tokens compared
     * @param top1Agreement    share of predictions whose argmax equals full attention's
     * @param meanKl           mean KL(full ‖ policy), nats
     * @param fullBytes        KV bytes resident under full attention at the end
     * @param policyBytes      KV bytes resident under the policy at the end
     * @param offloadedBytes   KV bytes the policy holds in host memory or on disk at the end
     */
    public record Result(int rounds, int predictions, double top1Agreement, double meanKl, long fullBytes, long policyBytes, long offloadedBytes) {}

    private RoundDialogue() {}

    public static Result run(Model model, ComputePool pool, KvPolicy policy, int pageSize, int[][] rounds, int promptTokens) {
        int vocabulary = model.shape().vocabularySize();
        double[] logP = new double[vocabulary], logQ = new double[vocabulary];
        int predictions = 0, agree = 0;
        double kl = 0;
        try (PagedSession full = new PagedSession(model, pool, new FullPolicy(), pageSize, 64);
                PagedSession recall = new PagedSession(model, pool, policy, pageSize, 64)) {
            for (int[] round : rounds) {
                full.cache().markRound();
                recall.cache().markRound();
                int prompt = Math.min(promptTokens, round.length);
                float[] p = full.feed(round, 0, prompt);
                float[] q = recall.feed(round, 0, prompt);
                for (int i = prompt; ; i++) {
                    Distributions.logSoftmax(p, logP);
                    Distributions.logSoftmax(q, logQ);
                    if (Distributions.argmax(p) == Distributions.argmax(q)) agree++;
                    kl += Distributions.kl(logP, logQ);
                    predictions++;
                    if (i == round.length) break;
                    p = full.step(round[i]);
                    q = recall.step(round[i]);
                }
            }
            return new Result(rounds.length, predictions, (double) agree / predictions, kl / predictions,
                    full.cache().residentBytes(), recall.cache().residentBytes(), recall.cache().offloadedBytes());
        }
    }

    /** Cuts a token sequence into {@code count} rounds of equal length (the last takes the rest). */
    public static int[][] split(int[] tokens, int count) {
        int[][] rounds = new int[count][];
        int length = tokens.length / count;
        for (int r = 0; r < count; r++) {
            int from = r * length, to = r == count - 1 ? tokens.length : from + length;
            rounds[r] = java.util.Arrays.copyOfRange(tokens, from, to);
        }
        return rounds;
    }
}
