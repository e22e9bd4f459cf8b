package dev.mnemos.inference.kv.fidelity;

/**
 * One policy beside full attention over the same tokens.
 *
 * @param policy           the policy's name
 * @param budget           what it was given, in words (e.g. "128 tok (25%)")
 * @param predictions      next-token predictions compared
 * @param top1Agreement    share of predictions whose argmax equals full attention's
 * @param meanKl           mean KL(full ‖ policy) of the next-token distributions, in nats
 * @param kvBytesResident  the most KV bytes resident while decoding
 * @param msPerToken       mean wall time of one decoding step
 */
public record FidelityRow(String policy, String budget, int predictions, double top1Agreement, double meanKl, long kvBytesResident, double msPerToken) {

    /** The rows of one policy over several texts, weighted by their predictions (the largest residency kept). */
    public static FidelityRow mean(java.util.List<FidelityRow> rows) {
        int predictions = 0;
        double agreement = 0, kl = 0, ms = 0;
        long resident = 0;
        for (FidelityRow row : rows) {
            predictions += row.predictions;
            agreement += row.top1Agreement * row.predictions;
            kl += row.meanKl * row.predictions;
            ms += row.msPerToken * row.predictions;
            resident = Math.max(resident, row.kvBytesResident);
        }
        FidelityRow first = rows.getFirst();
        return new FidelityRow(first.policy, first.budget, predictions, agreement / predictions, kl / predictions, resident, ms / predictions);
    }
}
