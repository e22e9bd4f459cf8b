package dev.mnemos.inference.kv.fidelity;

import dev.mnemos.inference.compute.ComputePool;
import dev.mnemos.inference.kv.KvPolicy;
import dev.mnemos.inference.kv.policy.FullPolicy;
import dev.mnemos.inference.model.Model;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs policies beside full attention over the same tokens: the prompt {@code tokens[0 .. prefill)} in one
 * prefill, then the rest teacher-forced one token at a time, so that every policy predicts each next token
 * from the same history; reports top-1 agreement and KL divergence against full, KV bytes resident and time per
 * token.
 */
public final class KvFidelity {

    private final Model model;
    private final ComputePool pool;
    private final int pageSize;

    public KvFidelity(Model model, ComputePool pool, int pageSize) {
        this.model = model;
        this.pool = pool;
        this.pageSize = pageSize;
    }

    /** The full-attention row first, then one row per spec. */
    public List<FidelityRow> compare(int[] tokens, int prefill, List<PolicySpec> specs) {
        if (prefill <= 0 || prefill >= tokens.length) throw new IllegalArgumentException("prefill " + prefill + " of " + tokens.length + " tokens");
        int predictions = tokens.length - prefill;
        int vocabulary = model.shape().vocabularySize();
        double[][] reference = new double[predictions][vocabulary];
        int[] referenceTop = new int[predictions];
        List<FidelityRow> rows = new ArrayList<>();
        rows.add(run(new FullPolicy(), "all", tokens, prefill, reference, referenceTop, true));
        for (PolicySpec spec : specs) rows.add(run(spec.policy().get(), spec.budget(), tokens, prefill, reference, referenceTop, false));
        return rows;
    }

    private FidelityRow run(KvPolicy policy, String budget, int[] tokens, int prefill, double[][] reference, int[] referenceTop, boolean record) {
        int predictions = tokens.length - prefill;
        double[] logQ = new double[model.shape().vocabularySize()];
        int agree = 0;
        double kl = 0;
        long resident = 0, nanos = 0;
        try (PagedSession session = new PagedSession(model, pool, policy, pageSize, 64)) {
            float[] logits = session.feed(tokens, 0, prefill);
            session.cache().endPrefill();
            for (int i = 0; i < predictions; i++) {
                if (i > 0) {
                    long start = System.nanoTime();
                    logits = session.step(tokens[prefill + i - 1]);
                    nanos += System.nanoTime() - start;
                }
                resident = Math.max(resident, session.cache().residentBytes());
                if (record) {
                    Distributions.logSoftmax(logits, reference[i]);
                    referenceTop[i] = Distributions.argmax(logits);
                }
                Distributions.logSoftmax(logits, logQ);
                if (Distributions.argmax(logits) == referenceTop[i]) agree++;
                kl += Distributions.kl(reference[i], logQ);
            }
        }
        double ms = predictions > 1 ? nanos / 1e6 / (predictions - 1) : 0;
        return new FidelityRow(policy.name(), budget, predictions, (double) agree / predictions, kl / predictions, resident, ms);
    }
}
