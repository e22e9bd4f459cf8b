package dev.mnemos.inference.cuda;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jcuda.Pointer;
import jcuda.Sizeof;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.JCudaDriver;

/**
 * A driver-API context on one device, with the shipped PTX modules loaded: enough to upload
 * buffers, launch the kernels and read results back. Not thread-safe: a CUDA context is
 * current on the thread that created it. Frees everything it allocated on {@link #close()}.
 */
public final class CudaContext implements AutoCloseable {

    private final CUcontext context = new CUcontext();
    private final Map<String, CUmodule> modules = new HashMap<>();
    private final List<CUdeviceptr> allocations = new ArrayList<>();

    private CudaContext(CudaDevice device) {
        JCudaDriver.setExceptionsEnabled(true);
        JCudaDriver.cuInit(0);
        CUdevice handle = new CUdevice();
        JCudaDriver.cuDeviceGet(handle, device.ordinal());
        JCudaDriver.cuCtxCreate(context, 0, handle);
    }

    /** A context on the device, with every module of {@link Ptx#MODULES} loaded (the driver JIT-compiles PTX here). */
    public static CudaContext open(CudaDevice device) {
        CudaContext ctx = new CudaContext(device);
        for (String name : Ptx.MODULES) {
            CUmodule module = new CUmodule();
            byte[] text = Ptx.load(name).getBytes(StandardCharsets.US_ASCII);
            JCudaDriver.cuModuleLoadData(module, Arrays.copyOf(text, text.length + 1)); // the driver wants a C string
            ctx.modules.put(name, module);
        }
        return ctx;
    }

    public CUfunction function(String module, String kernel) {
        CUmodule m = modules.get(module);
        if (m == null) {
            throw new IllegalArgumentException("no PTX module " + module + "; there are " + Ptx.MODULES);
        }
        CUfunction f = new CUfunction();
        JCudaDriver.cuModuleGetFunction(f, m, kernel);
        return f;
    }

    public CUdeviceptr allocate(long bytes) {
        CUdeviceptr p = new CUdeviceptr();
        JCudaDriver.cuMemAlloc(p, Math.max(bytes, 1));
        allocations.add(p);
        return p;
    }

    public CUdeviceptr upload(float[] values) {
        CUdeviceptr p = allocate((long) values.length * Sizeof.FLOAT);
        JCudaDriver.cuMemcpyHtoD(p, Pointer.to(values), (long) values.length * Sizeof.FLOAT);
        return p;
    }

    public CUdeviceptr upload(int[] values) {
        CUdeviceptr p = allocate((long) values.length * Sizeof.INT);
        JCudaDriver.cuMemcpyHtoD(p, Pointer.to(values), (long) values.length * Sizeof.INT);
        return p;
    }

    public CUdeviceptr upload(byte[] bytes) {
        CUdeviceptr p = allocate(bytes.length);
        JCudaDriver.cuMemcpyHtoD(p, Pointer.to(bytes), bytes.length);
        return p;
    }

    public float[] download(CUdeviceptr p, int floats) {
        float[] out = new float[floats];
        JCudaDriver.cuMemcpyDtoH(Pointer.to(out), p, (long) floats * Sizeof.FLOAT);
        return out;
    }

    /**
     * Launches a kernel with 1-D blocks on a 2-D grid. Arguments are {@link CUdeviceptr},
     * {@link Integer} or {@link Float}, in the kernel's order.
     */
    public void launch(CUfunction kernel, int gridX, int gridY, int block, Object... arguments) {
        Pointer[] slots = new Pointer[arguments.length];
        for (int i = 0; i < arguments.length; i++) {
            slots[i] = switch (arguments[i]) {
                case CUdeviceptr p -> Pointer.to(p);
                case Integer n -> Pointer.to(new int[] {n});
                case Float f -> Pointer.to(new float[] {f});
                default -> throw new IllegalArgumentException("kernel argument " + i + " is a " + arguments[i].getClass().getSimpleName());
            };
        }
        JCudaDriver.cuLaunchKernel(kernel, gridX, gridY, 1, block, 1, 1, 0, null, Pointer.to(slots), null);
    }

    public void synchronize() {
        JCudaDriver.cuCtxSynchronize();
    }

    @Override
    public void close() {
        for (CUdeviceptr p : allocations) {
            JCudaDriver.cuMemFree(p);
        }
        allocations.clear();
        for (CUmodule m : modules.values()) {
            JCudaDriver.cuModuleUnload(m);
        }
        modules.clear();
        JCudaDriver.cuCtxDestroy(context);
    }
}
