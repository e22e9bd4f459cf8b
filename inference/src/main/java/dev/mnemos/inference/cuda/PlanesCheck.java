package dev.mnemos.inference.cuda;

import dev.mnemos.inference.compute.ComputePool;
import dev.mnemos.inference.gguf.GgmlType;
import dev.mnemos.inference.model.Model;
import dev.mnemos.inference.model.ModelShape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import jcuda.driver.CUdeviceptr;

/**
 * GpuCheck's section on Q8_0 and Q4_0 in {@link MatrixLayout#PLANES}: the planes kernels against the byte-wise ones
 * and the CPU on the small written models (which decides what the 1B sections time), then both kernels timed over
 * the matrices of a 1.1B step.
 */
final class PlanesCheck {

    static final List<GgmlType> TYPES = List.of(GgmlType.Q8_0, GgmlType.Q4_0);

    private PlanesCheck() {}

    /**
     * The types whose planes kernels give, on llama and qwen2, the CPU's logits and the byte-wise kernels' (within
     * 1e-3 of the largest logit, the same top-1), decoding and in prefill tiles. Each type in a context of its own,
     * so that a kernel fault in one leaves the other its chance.
     */
    static Set<GgmlType> agreeing(CudaDevice device, Path work) throws IOException {
        Set<GgmlType> agree = EnumSet.noneOf(GgmlType.class);
        for (GgmlType type : TYPES) {
            boolean ok = true;
            try (CudaContext gpu = CudaContext.open(device); ComputePool pool = new ComputePool(4)) {
                for (String architecture : new String[] {"llama", "qwen2"}) {
                    Path file = work.resolve("planes-" + architecture + "-" + type + ".gguf");
                    GpuCheck.smallModel(architecture, type).write(file);
                    try (Model model = Model.open(file)) {
                        String label = "planes " + architecture + " " + type;
                        float[][] cpu = GpuCheck.cpuLogits(pool, model, GpuCheck.PROMPT);
                        float[][] blocks = GpuCheck.deviceLogits(gpu, model, GpuCheck.PROMPT, MatrixLayout.BLOCKS);
                        float[][] planes = GpuCheck.deviceLogits(gpu, model, GpuCheck.PROMPT, MatrixLayout.PLANES);
                        ok &= GpuCheck.Agreement.of(cpu, planes).report(label, "");
                        ok &= GpuCheck.Agreement.of(blocks, planes).report(label, " (here 'CPU' is the byte-wise kernels on the device)");
                        ok &= GpuCheck.comparePrefill(gpu, model, cpu, label, MatrixLayout.PLANES);
                    } finally {
                        Files.deleteIfExists(file);
                    }
                }
            } catch (RuntimeException e) {
                ok = false;
                System.out.println("[cuda] planes " + type + " FAILED: " + e);
            }
            System.out.println("[cuda] planes " + type + (ok ? ": agree, the 1B sections time them" : ": DIFFER, the 1B sections time the byte-wise kernels"));
            if (ok) agree.add(type);
        }
        return agree;
    }

    /**
     * Every matrix of one decode step of {@code shape} (1.2 GB in Q8_0, far past the L2 cache), multiplied by the
     * byte-wise kernels and by the planes kernels over the same device bytes (a constant pattern: the time does not
     * depend on the values), each layout's launches captured as one graph.
     */
    static void timeMatrices(CudaDevice device, ModelShape shape) {
        for (GgmlType type : TYPES) {
            try (CudaContext gpu = CudaContext.open(device)) {
                long total = bytes(type, shape);
                int widest = Math.max(shape.feedForwardLength(), shape.embeddingLength());
                CUdeviceptr values = gpu.allocate(total);
                gpu.fill(values, 0x01010101, total / 4);
                CUdeviceptr x = gpu.allocate((long) widest * Float.BYTES);
                gpu.fill(x, Float.floatToIntBits(1f), widest);
                CUdeviceptr y = gpu.allocate((long) Math.max(shape.vocabularySize(), widest) * Float.BYTES);
                double blocks = GpuCheck.time(gpu, matrices(gpu, type, MatrixLayout.BLOCKS, shape, values, x, y));
                double planes = GpuCheck.time(gpu, matrices(gpu, type, MatrixLayout.PLANES, shape, values, x, y));
                System.out.printf(Locale.ROOT, "[cuda] matrices of a %d-layer step in %s (%.2f GB): byte-wise kernels %.3f ms (%.0f GB/s),"
                                + " planes kernels %.3f ms (%.0f GB/s): %.2fx%n", shape.blockCount(), type, total / 1e9, blocks * 1e3,
                        total / blocks / 1e9, planes * 1e3, total / planes / 1e9, blocks / planes);
            }
        }
    }

    /** Device bytes of every matrix of a step of {@code shape} in {@code type}, each from a 256-byte boundary. */
    static long bytes(GgmlType type, ModelShape shape) {
        long total = 0;
        for (int[] m : sizes(shape)) total += align(type.byteSize((long) m[0] * m[1]));
        return total;
    }

    /** One matrix-vector product per matrix of a step, the matrices one after another from {@code values}. */
    static LaunchPlan matrices(CudaContext gpu, GgmlType type, MatrixLayout layout, ModelShape shape, CUdeviceptr values, CUdeviceptr x,
                               CUdeviceptr y) {
        LaunchPlan plan = new LaunchPlan(gpu);
        long at = 0;
        for (int[] m : sizes(shape)) {
            DecodePlan.matvec(plan, DeviceMatrix.of("m", type, m[0], m[1], values.withByteOffset(at), layout), x, y);
            at += align(type.byteSize((long) m[0] * m[1]));
        }
        return plan;
    }

    /** (rows, cols) of each matrix a decode step multiplies by, in order. */
    private static List<int[]> sizes(ModelShape s) {
        List<int[]> sizes = new ArrayList<>();
        for (int l = 0; l < s.blockCount(); l++) {
            sizes.add(new int[] {s.queryDim(), s.embeddingLength()});
            sizes.add(new int[] {s.kvDim(), s.embeddingLength()});
            sizes.add(new int[] {s.kvDim(), s.embeddingLength()});
            sizes.add(new int[] {s.embeddingLength(), s.queryDim()});
            sizes.add(new int[] {s.feedForwardLength(), s.embeddingLength()});
            sizes.add(new int[] {s.feedForwardLength(), s.embeddingLength()});
            sizes.add(new int[] {s.embeddingLength(), s.feedForwardLength()});
        }
        sizes.add(new int[] {s.vocabularySize(), s.embeddingLength()});
        return sizes;
    }

    private static long align(long bytes) {
        return (bytes + 255) / 256 * 256;
    }
}
