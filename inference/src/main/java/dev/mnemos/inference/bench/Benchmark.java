package dev.mnemos.inference.bench;

import dev.mnemos.inference.compute.ComputePool;
import dev.mnemos.inference.gguf.GgufTensorInfo;
import dev.mnemos.inference.model.Model;
import dev.mnemos.inference.model.State;
import dev.mnemos.inference.model.Transformer;
import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;

/**
 * Prompt processing and generation speed, as llama-bench measures them: pp = a prompt of
 * {@code promptTokens} in one prefill from an empty cache; tg = {@code genTokens} tokens decoded one by one
 * from an empty cache. With a depth (llama-bench's {@code -d}), both start after that many tokens already in
 * the cache, prefilled untimed, so that attention over a long context is in the figures. Beside them, the bandwidth roofline of generation: read bandwidth divided by the
 * bytes of weights one token streams.
 */
public final class Benchmark {

    /**
     * One measurement; speeds in tokens per second, bandwidth in bytes per second. The {@code ...PerCpuSecond}
     * figures divide the tokens by the process's CPU time per thread instead of by wall time: on a machine
     * shared with other work they estimate what an idle machine would do (spin-waiting counts as work, so
     * they err low).
     */
    public record Result(
            int threads,
            int depth,
            int promptTokens,
            double promptTokensPerSecond,
            double promptTokensPerCpuSecond,
            int genTokens,
            double genTokensPerSecond,
            double genTokensPerCpuSecond,
            long bytesPerToken,
            double readBandwidth) {

        /** The generation speed that memory bandwidth allows. */
        public double rooflineTokensPerSecond() {
            return readBandwidth / bytesPerToken;
        }
    }

    private Benchmark() {}

    /**
     * Runs warm-up, then {@code rounds} rounds, and keeps the median of each figure; the prompt goes in prefill
     * batches of up to {@code batch} tokens, after {@code depth} tokens of context.
     */
    public static Result run(Model model, ComputePool pool, int promptTokens, int genTokens, int rounds, int batch, int depth) {
        Transformer transformer = new Transformer(model);
        int vocabulary = model.shape().vocabularySize();
        int[] prompt = new SplittableRandom(42).ints(promptTokens, 0, vocabulary).toArray();
        int[] context = new SplittableRandom(43).ints(depth, 0, vocabulary).toArray();
        State state = transformer.newState(pool, depth + Math.max(promptTokens, genTokens) + 1, batch);
        double[] pp = new double[rounds], ppCpu = new double[rounds];
        double[] tg = new double[rounds], tgCpu = new double[rounds];
        for (int round = -1; round < rounds; round++) { // round -1 warms up the JIT
            state.kv().truncate(0);
            if (depth > 0) {
                transformer.forward(state, context, 0, depth, 0);
            }
            long start = System.nanoTime(), cpuStart = processCpuNanos();
            transformer.forward(state, prompt, 0, promptTokens, depth);
            double ppRate = promptTokens / ((System.nanoTime() - start) / 1e9);
            double ppCpuRate = promptTokens / ((processCpuNanos() - cpuStart) / 1e9 / pool.threads());
            state.kv().truncate(depth);
            int[] token = {prompt[0]};
            start = System.nanoTime();
            cpuStart = processCpuNanos();
            for (int i = 0; i < genTokens; i++) {
                float[] logits = transformer.forward(state, token, 0, 1, depth + i);
                token[0] = argmax(logits);
            }
            double tgRate = genTokens / ((System.nanoTime() - start) / 1e9);
            double tgCpuRate = genTokens / ((processCpuNanos() - cpuStart) / 1e9 / pool.threads());
            if (round >= 0) {
                pp[round] = ppRate;
                ppCpu[round] = ppCpuRate;
                tg[round] = tgRate;
                tgCpu[round] = tgCpuRate;
            }
        }
        double bandwidth = MemoryBandwidth.measure(pool, 1L << 29, 5);
        return new Result(pool.threads(), depth, promptTokens, median(pp), median(ppCpu), genTokens, median(tg), median(tgCpu), bytesPerToken(model), bandwidth);
    }

    /** Every weight is read once per generated token, except the embedding table, of which one row is. */
    static long bytesPerToken(Model model) {
        long bytes = 0;
        boolean tied = model.file().findTensor("output.weight").isEmpty();
        for (GgufTensorInfo tensor : model.file().tensors()) {
            if (tensor.name().equals("token_embd.weight") && !tied) {
                bytes += tensor.byteSize() / tensor.size(1);
            } else {
                bytes += tensor.byteSize();
            }
        }
        return bytes;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static int argmax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
