package dev.mnemos.inference.cuda;

import org.junit.jupiter.api.Assumptions;

/** The GPU tests' context: opened once per test class, or the class is skipped with the probe's reason. */
final class GpuContext {

    private GpuContext() {}

    static CudaContext openOrSkip() {
        CudaProbe probe = CudaDevice.probe();
        Assumptions.assumeTrue(probe.available(), () -> "no CUDA device: " + probe.reason());
        System.out.println("[cuda] " + probe.device().orElseThrow().describe());
        return CudaContext.open(probe.device().orElseThrow());
    }
}
