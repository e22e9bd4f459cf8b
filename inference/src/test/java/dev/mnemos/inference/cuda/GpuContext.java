package dev.mnemos.inference.cuda;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * The GPU tests' device ({@code @ExtendWith(GpuContext.class)}): one {@link CudaContext} per test class, opened
 * before its first test and closed after its last, handed to every test that takes a {@code CudaContext}
 * parameter. Without a usable CUDA device the whole class is skipped with the probe's reason
 * ({@code no CUDA device: ...}), never passed; scripts/gpu-check counts such skips where a GPU is present.
 */
final class GpuContext implements BeforeAllCallback, AfterAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(GpuContext.class);
    private static final String KEY = "context";

    @Override
    public void beforeAll(ExtensionContext context) {
        CudaProbe probe = CudaDevice.probe();
        Assumptions.assumeTrue(probe.available(), () -> "no CUDA device: " + probe.reason());
        System.out.println("[cuda] " + probe.device().orElseThrow().describe());
        context.getStore(NAMESPACE).put(KEY, CudaContext.open(probe.device().orElseThrow()));
    }

    @Override
    public void afterAll(ExtensionContext context) {
        CudaContext gpu = context.getStore(NAMESPACE).remove(KEY, CudaContext.class);
        if (gpu != null) gpu.close();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == CudaContext.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getStore(NAMESPACE).get(KEY, CudaContext.class);
    }
}
