package dev.mnemos.inference.cuda;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jcuda.CudaException;
import jcuda.Pointer;
import jcuda.Sizeof;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import jcuda.driver.CUjit_option;
import jcuda.driver.CUmodule;
import jcuda.driver.CUstream;
import jcuda.driver.CUstream_flags;
import jcuda.driver.JCudaDriver;
import jcuda.driver.JITOptions;

/**
 * A driver-API context on one device, with the shipped PTX modules loaded: enough to upload
 * buffers, launch the kernels and read results back. Not thread-safe: a CUDA context is
 * current on the thread that created it. Frees everything it allocated on {@link #close()}.
 */
public final class CudaContext implements AutoCloseable {

    private final CUcontext context = new CUcontext();
    private final Map<String, CUmodule> modules = new HashMap<>();
    /** The module and kernel name of each function handed out, so that a launch can be checked against its PTX. */
    private final Map<CUfunction, String[]> names = new java.util.IdentityHashMap<>();
    private final List<CUdeviceptr> allocations = new ArrayList<>();
    private final CUstream stream = new CUstream();
    private final CudaDevice device;

    private CudaContext(CudaDevice device) {
        this.device = device;
        JCudaDriver.setExceptionsEnabled(true);
        JCudaDriver.cuInit(0);
        CUdevice handle = new CUdevice();
        JCudaDriver.cuDeviceGet(handle, device.ordinal());
        JCudaDriver.cuCtxCreate(context, 0, handle);
        // A stream of its own, since the legacy default stream cannot be captured into a graph; a blocking one,
        // so that the synchronous copies (which go to the legacy stream) stay ordered with its kernels.
        JCudaDriver.cuStreamCreate(stream, CUstream_flags.CU_STREAM_DEFAULT);
    }

    public CudaDevice device() {
        return device;
    }

    /** The stream every launch and copy of this context goes to. */
    public CUstream stream() {
        return stream;
    }

    /** A context on the device, with every module of {@link Ptx#MODULES} loaded (the driver JIT-compiles PTX here). */
    public static CudaContext open(CudaDevice device) {
        CudaContext ctx = new CudaContext(device);
        try {
            for (String name : Ptx.MODULES) {
                ctx.modules.put(name, load(name, device));
            }
        } catch (RuntimeException e) {
            ctx.close();
            throw e;
        }
        return ctx;
    }

    /**
     * Loads one module. Should the driver refuse the PTX (an ISA newer than it knows, say), it is loaded once more with
     * the JIT's error log asked for, and the log goes into the exception with the PTX's ISA and the driver's version.
     */
    private static CUmodule load(String name, CudaDevice device) {
        String ptx = Ptx.load(name);
        byte[] text = ptx.getBytes(StandardCharsets.US_ASCII);
        byte[] cString = Arrays.copyOf(text, text.length + 1); // the driver wants a C string
        CUmodule module = new CUmodule();
        try {
            JCudaDriver.cuModuleLoadData(module, cString);
            return module;
        } catch (CudaException refused) {
            String log;
            try {
                JITOptions options = new JITOptions();
                options.putBytes(CUjit_option.CU_JIT_ERROR_LOG_BUFFER, new byte[8192]);
                options.putInt(CUjit_option.CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES, 8192);
                try {
                    JCudaDriver.cuModuleLoadDataJIT(new CUmodule(), Pointer.to(cString), options);
                    log = "(the second load, with the log, succeeded)";
                } catch (CudaException again) {
                    log = options.getString(CUjit_option.CU_JIT_ERROR_LOG_BUFFER);
                }
            } catch (RuntimeException | LinkageError noLog) {
                log = "(no log: " + noLog + ")";
            }
            String isa = ptx.lines().filter(l -> l.startsWith(".version") || l.startsWith(".target")).reduce((a, b) -> a + ", " + b).orElse("?");
            throw new IllegalStateException("the CUDA driver (CUDA " + device.driverVersion() / 1000 + "." + device.driverVersion() % 1000 / 10
                    + ") refused " + name + ".ptx (" + isa + "): " + refused.getMessage() + "; JIT log: " + log, refused);
        }
    }

    public CUfunction function(String module, String kernel) {
        CUmodule m = modules.get(module);
        if (m == null) {
            throw new IllegalArgumentException("no PTX module " + module + "; there are " + Ptx.MODULES);
        }
        CUfunction f = new CUfunction();
        JCudaDriver.cuModuleGetFunction(f, m, kernel);
        names.put(f, new String[] {module, kernel});
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

    public CUdeviceptr upload(double[] values) {
        CUdeviceptr p = allocate((long) values.length * Sizeof.DOUBLE);
        JCudaDriver.cuMemcpyHtoD(p, Pointer.to(values), (long) values.length * Sizeof.DOUBLE);
        return p;
    }

    public CUdeviceptr upload(byte[] bytes) {
        CUdeviceptr p = allocate(bytes.length);
        JCudaDriver.cuMemcpyHtoD(p, Pointer.to(bytes), bytes.length);
        return p;
    }

    /**
     * Copies a (possibly memory-mapped) segment to a new device buffer, in slices of at most 1 GiB, since a
     * {@link java.nio.ByteBuffer} holds at most 2 GiB.
     */
    public CUdeviceptr upload(MemorySegment bytes) {
        CUdeviceptr p = allocate(bytes.byteSize());
        long slice = 1L << 30;
        for (long at = 0; at < bytes.byteSize(); at += slice) {
            long n = Math.min(slice, bytes.byteSize() - at);
            JCudaDriver.cuMemcpyHtoD(p.withByteOffset(at), Pointer.to(bytes.asSlice(at, n).asByteBuffer()), n);
        }
        return p;
    }

    /** Overwrites the start of a device buffer with {@code values} (synchronously, after the stream's work). */
    public void write(CUdeviceptr p, int[] values) {
        synchronize();
        JCudaDriver.cuMemcpyHtoD(p, Pointer.to(values), (long) values.length * Sizeof.INT);
    }

    public void write(CUdeviceptr p, float[] values) {
        synchronize();
        JCudaDriver.cuMemcpyHtoD(p, Pointer.to(values), (long) values.length * Sizeof.FLOAT);
    }

    /** Fills {@code count} 32-bit words of a device buffer with {@code bits}. */
    public void fill(CUdeviceptr p, int bits, long count) {
        JCudaDriver.cuMemsetD32(p, bits, count);
    }

    public int[] downloadInts(CUdeviceptr p, int ints) {
        synchronize();
        int[] out = new int[ints];
        JCudaDriver.cuMemcpyDtoH(Pointer.to(out), p, (long) ints * Sizeof.INT);
        return out;
    }

    /** Free and total device memory in bytes, as the driver reports them now. */
    public long[] memoryInfo() {
        long[] free = new long[1];
        long[] total = new long[1];
        JCudaDriver.cuMemGetInfo(free, total);
        return new long[] {free[0], total[0]};
    }

    public float[] download(CUdeviceptr p, int floats) {
        synchronize();
        float[] out = new float[floats];
        JCudaDriver.cuMemcpyDtoH(Pointer.to(out), p, (long) floats * Sizeof.FLOAT);
        return out;
    }

    /**
     * Launches a kernel with 1-D blocks on a 2-D grid. Arguments are {@link CUdeviceptr},
     * {@link Integer} or {@link Float}, in the kernel's order; they and the grid are checked against the kernel's PTX
     * first ({@link LaunchPlan#add} does the same), so a mistake fails here with its name rather than on the device.
     */
    public void launch(CUfunction kernel, int gridX, int gridY, int block, Object... arguments) {
        String[] name = names.get(kernel);
        if (name == null) throw new IllegalArgumentException("a kernel that this context's function() did not hand out");
        new LaunchPlan.Launch(name[0] + "." + name[1], gridX, gridY, block, arguments);
        KernelArguments.check(name[0], name[1], arguments);
        JCudaDriver.cuLaunchKernel(kernel, gridX, gridY, 1, block, 1, 1, 0, stream, KernelArguments.pack(arguments), null);
    }

    public void synchronize() {
        JCudaDriver.cuStreamSynchronize(stream);
    }

    /**
     * Makes this context current on the calling thread, for a caller that uses it from other threads than the one that
     * opened it, one at a time (a chat model called from an agent's thread, then another's).
     */
    public void bind() {
        JCudaDriver.cuCtxSetCurrent(context);
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
        JCudaDriver.cuStreamDestroy(stream);
        JCudaDriver.cuCtxDestroy(context);
    }
}
