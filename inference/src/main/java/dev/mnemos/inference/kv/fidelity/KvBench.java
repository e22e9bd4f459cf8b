package dev.mnemos.inference.kv.fidelity;

import dev.mnemos.inference.compute.ComputePool;
import dev.mnemos.inference.gguf.RandomModel;
import dev.mnemos.inference.kv.KvPolicy;
import dev.mnemos.inference.kv.policy.FullPolicy;
import dev.mnemos.inference.kv.policy.HeavyHitterPolicy;
import dev.mnemos.inference.kv.policy.QuestPolicy;
import dev.mnemos.inference.kv.policy.RoundRecallPolicy;
import dev.mnemos.inference.kv.policy.SageKvPolicy;
import dev.mnemos.inference.kv.policy.SinkWindowPolicy;
import dev.mnemos.inference.model.Model;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The tables of {@code mnemos bench kv}: fidelity per policy and budget, round recall, decode speed, streams. */
public final class KvBench {

    public static final int PAGE_SIZE = 16;
    private static final int SINKS = 4;

    private final Model model;
    private final ComputePool pool;
    private final PrintStream out;

    public KvBench(Model model, ComputePool pool, PrintStream out) {
        this.model = model;
        this.pool = pool;
        this.out = out;
    }

    /**
     * The written model of the speed and stream runs: few layers and small matrices, many KV heads, so that
     * attention dominates a step at long contexts (8 layers, dim 128, 8 heads = 8 KV heads of 16, FFN 256, vocab 256).
     */
    public static void writeAttentionBoundModel(Path file) throws IOException {
        RandomModel.builder().embeddingLength(128).blockCount(8).headCount(8).headCountKv(8).feedForwardLength(256)
                .vocabularySize(256).contextLength(1 << 24).seed(42).build().write(file);
    }

    /** The policies under a budget of {@code budget} tokens (Quest: budget / page size pages). */
    public List<PolicySpec> specs(int budget, String label) {
        int denseLayers = Math.min(2, model.shape().blockCount() - 1);
        return List.of(
                new PolicySpec(label, () -> new SinkWindowPolicy(SINKS, budget - SINKS)),
                new PolicySpec(label, () -> new HeavyHitterPolicy(budget / 2, budget - budget / 2)),
                new PolicySpec(label, () -> new SageKvPolicy(SINKS, budget - SINKS - budget / 4, budget / 4)),
                new PolicySpec(label + ", " + denseLayers + " dense layers", () -> new QuestPolicy(Math.max(1, budget / PAGE_SIZE), denseLayers)));
    }

    /**
     * Fidelity of every policy at budgets of 1/8, 1/4 and 1/2 of {@code context}, over {@code texts} texts the
     * model writes itself (the first 3/4 of each as the prompt, the rest teacher-forced), averaged.
     */
    public List<FidelityRow> fidelity(int context, int texts) {
        KvFidelity fidelity = new KvFidelity(model, pool, PAGE_SIZE);
        List<PolicySpec> specs = new ArrayList<>();
        for (int eighths : new int[] {1, 2, 4}) {
            int budget = context * eighths / 8;
            specs.addAll(specs(budget, budget + " tok (" + (100 * eighths / 8) + "%)"));
        }
        List<List<FidelityRow>> runs = new ArrayList<>();
        for (int t = 0; t < texts; t++) {
            int[] tokens = ModelText.sample(model, pool, context, 1, 1000 + t);
            runs.add(fidelity.compare(tokens, context * 3 / 4, specs));
        }
        List<FidelityRow> mean = new ArrayList<>();
        for (int row = 0; row < runs.getFirst().size(); row++) {
            final int r = row;
            mean.add(FidelityRow.mean(runs.stream().map(run -> run.get(r)).toList()));
        }
        out.printf("fidelity: %d texts of %d tokens written by the model, prompt %d, %d predictions each, pages of %d%n",
                texts, context, context * 3 / 4, context - context * 3 / 4, PAGE_SIZE);
        out.println("| policy | budget | top-1 agreement | mean KL (nats) | KV resident | ms/token |");
        out.println("|---|---|---|---|---|---|");
        for (FidelityRow row : mean) {
            out.printf("| %s | %s | %.1f%% | %.4f | %s | %.3f |%n", row.policy(), row.budget(), 100 * row.top1Agreement(), row.meanKl(),
                    bytes(row.kvBytesResident()), row.msPerToken());
        }
        return mean;
    }

    /** Round recall against full attention on a dialogue of {@code rounds} rounds cut from text the model writes. */
    public RoundDialogue.Result rounds(int rounds, int tokensPerRound, int watershed, int topRounds) {
        int[] tokens = ModelText.sample(model, pool, rounds * tokensPerRound, 1, 77);
        RoundDialogue.Result result = RoundDialogue.run(model, pool, new RoundRecallPolicy(watershed, topRounds), PAGE_SIZE,
                RoundDialogue.split(tokens, rounds), tokensPerRound / 2);
        out.printf("round recall: %d rounds of %d tokens (first half prefilled, second half teacher-forced), watershed layer %d of %d, top %d rounds%n",
                rounds, tokensPerRound, watershed, model.shape().blockCount(), topRounds);
        out.println("| policy | KV resident | offloaded | top-1 agreement | mean KL (nats) | predictions |");
        out.println("|---|---|---|---|---|---|");
        out.printf("| full | %s | 0 | 100%% | 0 | %d |%n", bytes(result.fullBytes()), result.predictions());
        out.printf("| round-recall | %s (%.0f%% of full) | %s | %.1f%% | %.4f | %d |%n", bytes(result.policyBytes()),
                100.0 * result.policyBytes() / result.fullBytes(), bytes(result.offloadedBytes()), 100 * result.top1Agreement(),
                result.meanKl(), result.predictions());
        return result;
    }

    /** Decode time at {@code context} positions: full against Quest at budgets of 1/32 and 1/8 of the context. */
    public List<DecodeSpeed.Result> speed(int context, int steps, int turns) {
        List<KvPolicy> policies = List.of(new FullPolicy(), new QuestPolicy(context / 32 / PAGE_SIZE, 1), new QuestPolicy(context / 8 / PAGE_SIZE, 1));
        List<DecodeSpeed.Result> results = DecodeSpeed.run(model, pool, policies, PAGE_SIZE, context, steps, turns);
        out.printf("decode speed at %d positions (%d layers, %d heads / %d KV heads of %d, %d threads), %d steps x %d turns, median:%n",
                context, model.shape().blockCount(), model.shape().headCount(), model.shape().headCountKv(), model.shape().headSize(),
                pool.threads(), steps, turns);
        out.println("| policy | pages attended (sparse layers) | ms/token | vs full | CPU ms/token (decoding thread) | vs full | KV resident |");
        out.println("|---|---|---|---|---|---|---|");
        String[] attended = {"all", context / 32 / PAGE_SIZE + " (1/32), layer 0 dense", context / 8 / PAGE_SIZE + " (1/8), layer 0 dense"};
        for (int i = 0; i < results.size(); i++) {
            DecodeSpeed.Result r = results.get(i);
            DecodeSpeed.Result full = results.getFirst();
            out.printf("| %s | %s | %.2f | %.2f | %.2f | %.2f | %s |%n", r.policy(), attended[i], r.msPerToken(), r.msPerToken() / full.msPerToken(),
                    r.cpuMsPerToken(), r.cpuMsPerToken() / full.cpuMsPerToken(), bytes(r.residentBytes()));
        }
        return results;
    }

    /** Sinks + window over an endless greedy stream, printed at {@code samples} intervals. */
    public List<StreamRun.Sample> stream(int tokens, int window, int samples) {
        out.printf("sinks+window stream: %d sinks + %d window, %d tokens, pages of %d%n", SINKS, window, tokens, PAGE_SIZE);
        out.println("| tokens | KV resident | KV allocated | heap used | ms/token | CPU ms/token |");
        out.println("|---|---|---|---|---|---|");
        return StreamRun.run(model, pool, new SinkWindowPolicy(SINKS, window), PAGE_SIZE, tokens, samples,
                s -> out.printf("| %d | %s | %s | %s | %.3f | %.3f |%n", s.tokens(), bytes(s.residentBytes()), bytes(s.allocatedBytes()),
                        bytes(s.heapBytes()), s.msPerToken(), s.cpuMsPerToken()));
    }

    static String bytes(long bytes) {
        if (bytes >= 1 << 20) return String.format("%.1f MiB", bytes / 1048576.0);
        if (bytes >= 1 << 10) return String.format("%.1f KiB", bytes / 1024.0);
        return bytes + " B";
    }
}
