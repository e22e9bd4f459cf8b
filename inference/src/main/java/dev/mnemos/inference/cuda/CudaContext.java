package dev.mnemos.inference.cuda;

import java.lang.foreign.MemorySegment;
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
import jcuda.driver.CUstream;
import jcuda.driver.CUstream_flags;
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
     * {@link Integer} or {@link Float}, in the kernel's order.
     */
    public void launch(CUfunction kernel, int gridX, int gridY, int block, Object... arguments) {
        JCudaDriver.cuLaunchKernel(kernel, gridX, gridY, 1, block, 1, 1, 0, stream, KernelArguments.pack(arguments), null);
    }

    public void synchronize() {
        JCudaDriver.cuStreamSynchronize(stream);
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
