package dev.mnemos.inference.kv.fidelity;

import dev.mnemos.inference.compute.ComputePool;
import dev.mnemos.inference.kv.KvPolicy;
import dev.mnemos.inference.kv.PagedKvCache;
import dev.mnemos.inference.model.Model;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Time per decoding step at a long context, for several policies over one cache: the cache is filled with
 * {@code context} positions of random keys and values (a 32K prefill on the CPU would take longer than the
 * measurement and the values do not change the work), then the policies take turns, {@code steps} tokens each,
 * for {@code turns} turns; each policy's figure is its median turn. Only for policies that do not evict.
 */
public final class DecodeSpeed {

    /**
     * A policy's median time per token: wall time, and CPU time of the decoding thread (all of the work with one
     * compute thread, and not inflated by other processes on the cores); and the KV bytes resident under it.
     */
    public record Result(String policy, double msPerToken, double cpuMsPerToken, long residentBytes) {}

    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private DecodeSpeed() {}

    public static List<Result> run(Model model, ComputePool pool, List<KvPolicy> policies, int pageSize, int context, int steps, int turns) {
        for (KvPolicy policy : policies) {
            if (policy.evicts()) throw new IllegalArgumentException(policy.name() + " evicts: the policies take turns on one cache");
        }
        double[][] times = new double[policies.size()][turns];
        double[][] cpuTimes = new double[policies.size()][turns];
        try (PagedSession session = new PagedSession(model, pool, policies.getFirst(), pageSize, 1)) {
            fill(session.cache(), context);
            int next = 1;
            for (int turn = -1; turn < turns; turn++) { // turn -1 warms up the JIT
                for (int p = 0; p < policies.size(); p++) {
                    session.cache().policy(policies.get(p));
                    long start = System.nanoTime(), cpuStart = CPU.getCurrentThreadCpuTime();
                    for (int i = 0; i < steps; i++) next = Distributions.argmax(session.step(next));
                    if (turn >= 0) {
                        times[p][turn] = (System.nanoTime() - start) / 1e6 / steps;
                        cpuTimes[p][turn] = (CPU.getCurrentThreadCpuTime() - cpuStart) / 1e6 / steps;
                    }
                }
            }
            long resident = session.cache().residentBytes();
            return java.util.stream.IntStream.range(0, policies.size())
                    .mapToObj(p -> new Result(policies.get(p).name(), median(times[p]), median(cpuTimes[p]), resident)).toList();
        }
    }

    static void fill(PagedKvCache cache, int context) {
        SplittableRandom random = new SplittableRandom(17);
        int kvDim = cache.layout().kvDim();
        float[] key = new float[kvDim], value = new float[kvDim];
        for (int position = 0; position < context; position++) {
            for (int layer = 0; layer < cache.layout().layers(); layer++) {
                for (int i = 0; i < kvDim; i++) {
                    key[i] = (float) random.nextGaussian();
                    value[i] = (float) random.nextGaussian();
                }
                cache.write(layer, position, key, 0, value, 0);
            }
            cache.commit(position + 1);
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
