package dev.mnemos.inference.cuda;

import static jcuda.driver.CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR;
import static jcuda.driver.CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR;
import static jcuda.driver.CUdevice_attribute.CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT;

import jcuda.CudaException;
import jcuda.driver.CUdevice;
import jcuda.driver.JCudaDriver;

/**
 * An NVIDIA GPU as the CUDA driver reports it.
 *
 * @param ordinal         the driver's device number
 * @param name            the marketing name ("NVIDIA H200")
 * @param totalMemory     device memory in bytes
 * @param major           compute capability, major (9 for Hopper)
 * @param minor           compute capability, minor
 * @param multiprocessors streaming multiprocessors, to size split-K grids
 * @param driverVersion   the driver's CUDA version as the driver encodes it (13000 for 13.0)
 */
public record CudaDevice(int ordinal, String name, long totalMemory, int major, int minor, int multiprocessors, int driverVersion) {

    /** Why JCuda's native library did not load, once it has failed (the JVM does not try it again). */
    private static volatile String nativeFailure;

    /** The PTX is built for sm_90; an older chip cannot load it. */
    static final int REQUIRED_MAJOR = 9;

    /** "NVIDIA H200, 139.8 GiB, compute 9.0, 132 SMs, driver CUDA 13.0". */
    public String describe() {
        return "%s, %.1f GiB, compute %d.%d, %d SMs, driver CUDA %d.%d".formatted(name, totalMemory / (double) (1L << 30), major, minor,
                multiprocessors, driverVersion / 1000, driverVersion % 1000 / 10);
    }

    /**
     * Looks for device 0 through the driver API. Never throws: without {@code libcuda.so.1}
     * (no driver), without a device, or with a chip older than the PTX, it says why instead.
     */
    public static CudaProbe probe() {
        try {
            JCudaDriver.setExceptionsEnabled(true);
            JCudaDriver.cuInit(0);
            int[] count = new int[1];
            JCudaDriver.cuDeviceGetCount(count);
            if (count[0] == 0) {
                return CudaProbe.none("the CUDA driver reports no device");
            }
            CudaDevice device = read(0);
            if (device.major() < REQUIRED_MAJOR) {
                return CudaProbe.none(device.describe() + " is older than the sm_90 the kernels are built for");
            }
            return CudaProbe.found(device);
        } catch (UnsatisfiedLinkError e) {
            // JCuda's native library links libcuda.so.1, which only an installed NVIDIA driver provides.
            nativeFailure = "the CUDA driver library (libcuda.so.1, from the NVIDIA driver) could not be loaded (" + firstLine(e) + ")";
            return CudaProbe.none(nativeFailure);
        } catch (LinkageError e) {
            // A second probe after a failed native load sees NoClassDefFoundError instead: give the first one's reason.
            return CudaProbe.none(nativeFailure != null ? nativeFailure : "JCuda could not be initialised (" + firstLine(e) + ")");
        } catch (CudaException e) {
            return CudaProbe.none("the CUDA driver refused: " + firstLine(e));
        }
    }

    private static CudaDevice read(int ordinal) {
        CUdevice device = new CUdevice();
        JCudaDriver.cuDeviceGet(device, ordinal);
        byte[] name = new byte[256];
        JCudaDriver.cuDeviceGetName(name, name.length, device);
        long[] memory = new long[1];
        JCudaDriver.cuDeviceTotalMem(memory, device);
        int[] driver = new int[1];
        JCudaDriver.cuDriverGetVersion(driver);
        return new CudaDevice(ordinal, cString(name), memory[0], attribute(device, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR),
                attribute(device, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR), attribute(device, CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT),
                driver[0]);
    }

    private static int attribute(CUdevice device, int attribute) {
        int[] value = new int[1];
        JCudaDriver.cuDeviceGetAttribute(value, attribute, device);
        return value[0];
    }

    private static String cString(byte[] bytes) {
        int end = 0;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        return new String(bytes, 0, end, java.nio.charset.StandardCharsets.US_ASCII);
    }

    private static String firstLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
