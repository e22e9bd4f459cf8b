package dev.mnemos.inference.kv.fidelity;

import dev.mnemos.inference.compute.ComputePool;
import dev.mnemos.inference.kv.KvPolicy;
import dev.mnemos.inference.model.Model;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** An endless-stream check: greedy generation for many tokens, sampled at intervals for memory and speed. */
public final class StreamRun {

    /**
     * One interval of a stream.
     *
     * @param tokens         tokens generated so far
     * @param residentBytes  KV bytes resident now
     * @param allocatedBytes KV storage ever allocated (flat once the pool covers the budget)
     * @param heapBytes      Java heap in use now (after the interval, no GC forced)
     * @param msPerToken     mean wall time of one step over the interval
     * @param cpuMsPerToken  mean CPU time of the decoding thread per step (all of the work with one compute
     *                       thread; unlike wall time, it does not grow when other processes share the cores)
     */
    public record Sample(int tokens, long residentBytes, long allocatedBytes, long heapBytes, double msPerToken, double cpuMsPerToken) {}

    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private StreamRun() {}

    public static List<Sample> run(Model model, ComputePool pool, KvPolicy policy, int pageSize, int tokens, int samples, Consumer<Sample> onSample) {
        List<Sample> out = new ArrayList<>();
        Runtime runtime = Runtime.getRuntime();
        int interval = Math.max(1, tokens / samples);
        try (PagedSession session = new PagedSession(model, pool, policy, pageSize, 1)) {
            int next = 1;
            long start = System.nanoTime(), cpuStart = CPU.getCurrentThreadCpuTime();
            for (int i = 1; i <= tokens; i++) {
                next = Distributions.argmax(session.step(next));
                if (i % interval == 0) {
                    long now = System.nanoTime(), cpuNow = CPU.getCurrentThreadCpuTime();
                    Sample sample = new Sample(i, session.cache().residentBytes(), session.cache().allocatedBytes(),
                            runtime.totalMemory() - runtime.freeMemory(), (now - start) / 1e6 / interval, (cpuNow - cpuStart) / 1e6 / interval);
                    out.add(sample);
                    onSample.accept(sample);
                    start = System.nanoTime();
                    cpuStart = CPU.getCurrentThreadCpuTime();
                }
            }
        }
        return out;
    }
}
