package dev.mnemos.inference.cuda;

import java.util.ArrayList;
import java.util.List;
import jcuda.Pointer;
import jcuda.driver.CUfunction;
import jcuda.driver.CUgraph;
import jcuda.driver.CUgraphExec;
import jcuda.driver.CUstreamCaptureMode;
import jcuda.driver.JCudaDriver;

/**
 * The kernel launches of one decode step, resolved and packed once: replaying it costs one
 * {@code cuLaunchKernel} per kernel and nothing else, and {@link #capture} turns it into a CUDA graph, which the
 * driver launches as one unit, so that a step of a few hundred small kernels is not bound by launch overhead.
 * Kernels read what changes from one token to the next (token, position, length) from device memory, so the same
 * plan, and the same graph, serves every step.
 */
public final class LaunchPlan {

    /** One launch: 1-D blocks on a 2-D grid. */
    public record Launch(String kernel, int gridX, int gridY, int block, Object[] arguments) {

        public Launch {
            // The driver's limits on every CUDA GPU: x below 2^31, y at most 65535, at most 1024 threads a block.
            if (gridX <= 0 || gridY <= 0 || gridY > 65_535 || block <= 0 || block > 1024) {
                throw new IllegalArgumentException(kernel + ": grid " + gridX + " x " + gridY + " of " + block + " threads");
            }
        }
    }

    private final List<Launch> launches = new ArrayList<>();
    private final List<CUfunction> functions = new ArrayList<>();
    private final List<Pointer> packed = new ArrayList<>();
    private final CudaContext context;

    LaunchPlan(CudaContext context) {
        this.context = context;
    }

    /** Appends a launch of {@code module.kernel}; the kernel is looked up and its arguments packed now. */
    public LaunchPlan add(String module, String kernel, int gridX, int gridY, int block, Object... arguments) {
        Launch launch = new Launch(module + "." + kernel, gridX, gridY, block, arguments);
        KernelArguments.check(module, kernel, arguments);
        // Without a context (tests on a machine without a GPU) the plan is recorded and packed, never launched.
        functions.add(context == null ? null : context.function(module, kernel));
        packed.add(KernelArguments.pack(arguments));
        launches.add(launch);
        return this;
    }

    /** The launches whose {@code module.kernel} name passes the test, in order (to time one part of a step). */
    public LaunchPlan only(java.util.function.Predicate<String> kernel) {
        LaunchPlan part = new LaunchPlan(context);
        for (int i = 0; i < launches.size(); i++) {
            if (kernel.test(launches.get(i).kernel())) {
                part.launches.add(launches.get(i));
                part.functions.add(functions.get(i));
                part.packed.add(packed.get(i));
            }
        }
        return part;
    }

    public List<Launch> launches() {
        return List.copyOf(launches);
    }

    /** Launches every kernel in order on the context's stream; returns without waiting. */
    public void run() {
        for (int i = 0; i < launches.size(); i++) {
            Launch l = launches.get(i);
            JCudaDriver.cuLaunchKernel(functions.get(i), l.gridX(), l.gridY(), 1, l.block(), 1, 1, 0, context.stream(), packed.get(i), null);
        }
    }

    /** Records the plan into a CUDA graph by stream capture (nothing runs while it is recorded). */
    public Graph capture() {
        context.synchronize();
        JCudaDriver.cuStreamBeginCapture(context.stream(), CUstreamCaptureMode.CU_STREAM_CAPTURE_MODE_THREAD_LOCAL);
        CUgraph graph = new CUgraph();
        try {
            run();
        } finally {
            JCudaDriver.cuStreamEndCapture(context.stream(), graph);
        }
        CUgraphExec exec = new CUgraphExec();
        JCudaDriver.cuGraphInstantiate(exec, graph, 0);
        return new Graph(context, graph, exec, launches.size());
    }

    /** A captured plan: one {@code cuGraphLaunch} runs every kernel of the step. */
    public static final class Graph implements AutoCloseable {
        private final CudaContext context;
        private final CUgraph graph;
        private final CUgraphExec exec;
        private final int kernels;

        private Graph(CudaContext context, CUgraph graph, CUgraphExec exec, int kernels) {
            this.context = context;
            this.graph = graph;
            this.exec = exec;
            this.kernels = kernels;
        }

        public int kernels() {
            return kernels;
        }

        public void launch() {
            JCudaDriver.cuGraphLaunch(exec, context.stream());
        }

        @Override
        public void close() {
            JCudaDriver.cuGraphExecDestroy(exec);
            JCudaDriver.cuGraphDestroy(graph);
        }
    }
}
