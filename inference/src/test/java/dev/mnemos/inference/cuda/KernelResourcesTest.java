package dev.mnemos.inference.cuda;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.inference.gguf.GgmlType;
import dev.mnemos.inference.model.ModelShape;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import jcuda.driver.CUdeviceptr;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What each kernel needs of an SM, as {@code ptxas -v} reports it for the shipped PTX, against the blocks the plans
 * launch it with: a block whose threads need more than the SM's 65,536 registers, or more than 48 KiB of static
 * shared memory, is refused at launch (CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES) on the first GPU that runs it.
 * Needs ptxas (CUDA's assembler) on the PATH; without it the tests report themselves skipped.
 */
class KernelResourcesTest {

    private static final int REGISTERS_PER_SM_BLOCK = 65_536;
    private static final int STATIC_SHARED_BYTES = 48 * 1024;
    private static final Pattern ENTRY = Pattern.compile("Compiling entry function '(\\w+)' for 'sm_90'");
    private static final Pattern USED = Pattern.compile("Used (\\d+) registers(?:.*?(\\d+) bytes smem)?");

    /** Registers per thread and static shared memory per block, by "module.kernel". */
    private static final Map<String, int[]> RESOURCES = new HashMap<>();

    @BeforeAll
    static void assemble(@TempDir Path temp) throws Exception {
        Path ptxas = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)).filter(d -> !d.isEmpty())
                .map(d -> Path.of(d, "ptxas")).filter(Files::isExecutable).findFirst().orElse(null);
        Assumptions.assumeTrue(ptxas != null, "ptxas is not on the PATH, so the kernels' registers and shared memory cannot be read");
        for (String module : Ptx.MODULES) {
            Path ptx = temp.resolve(module + ".ptx");
            Files.writeString(ptx, Ptx.load(module));
            Process p = new ProcessBuilder(ptxas.toString(), "-arch=sm_90", "-v", ptx.toString(), "-o", temp.resolve(module + ".cubin").toString())
                    .redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as("ptxas on %s.ptx: %s", module, log).isZero();
            String kernel = null;
            for (String line : log.lines().toList()) {
                Matcher entry = ENTRY.matcher(line);
                if (entry.find()) kernel = entry.group(1);
                Matcher used = USED.matcher(line);
                if (kernel != null && used.find()) {
                    RESOURCES.put(module + "." + kernel, new int[] {Integer.parseInt(used.group(1)), used.group(2) == null ? 0 : Integer.parseInt(used.group(2))});
                    kernel = null;
                }
            }
            for (String kernel2 : Ptx.entries(Ptx.load(module))) {
                assertThat(RESOURCES).as("ptxas report for %s.%s", module, kernel2).containsKey(module + "." + kernel2);
            }
        }
        // the report is read right: attention_partial's sm_acc alone is MAX_WARPS x MAX_HEAD floats
        assertThat(RESOURCES.get("attention.attention_partial")[1]).isGreaterThanOrEqualTo(8 * 256 * 4);
    }

    @Test
    void should_fit_every_launch_of_a_1b_step_at_32k_on_an_sm_when_dense_quest_round_scoring_evictions_and_prefill_are_planned() {
        ModelShape billion = new ModelShape(2048, 16, 32, 8, 8192, 32_768 + 1024, 1e-5f, 64, 32_000);
        int maxPages = DeviceKv.pages(32_912, 16);
        for (GgmlType type : new GgmlType[] {GgmlType.Q8_0, GgmlType.Q4_0}) {
            check(plan(billion, type, maxPages, AttentionMode.DENSE, null));
            check(plan(billion, type, maxPages, AttentionMode.quest(512, 2), null));
            LaunchPlan planes = DecodePlan.build(null, DecodePlanTest.side(billion, type, false, MatrixLayout.PLANES), DecodePlanTest.kv(billion, maxPages),
                    DecodePlanTest.buffers(billion, maxPages), AttentionMode.DENSE, new DecodePlan.Ending(true, new CUdeviceptr(), true), null, DeviceEviction.NONE);
            assertThat(planes.launches()).as("the planes kernels are planned").anyMatch(l -> l.kernel().endsWith("_planes"));
            check(planes);
            check(PrefillPlanTest.plan(billion, type, false, DeviceMatrix.TILE, true, MatrixLayout.PLANES));
        }
        var rounds = new DecodePlan.RoundScoring(3, 40, new CUdeviceptr(), new CUdeviceptr(), new CUdeviceptr());
        check(plan(billion, GgmlType.Q8_0, maxPages, AttentionMode.DENSE, rounds));
        check(PrefillPlanTest.plan(billion, GgmlType.Q4_0, false, DeviceMatrix.TILE, true));
        check(plan(billion, GgmlType.Q8_0, maxPages, AttentionMode.DENSE, null, DeviceEviction.heavyHitters(512, 512)));
        check(plan(billion, GgmlType.Q8_0, maxPages, AttentionMode.DENSE, null, DeviceEviction.sinksAndWindow(4, 1020)));
        var greedy = new DecodePlan.Ending(true, new CUdeviceptr(), true);
        check(DecodePlan.build(null, DecodePlanTest.side(billion, GgmlType.Q8_0, false), DecodePlanTest.kv(billion, maxPages, true),
                DecodePlanTest.buffers(billion, maxPages), AttentionMode.DENSE, greedy, rounds, DeviceEviction.heavyHitters(512, 512)));
    }

    @Test
    void should_fit_every_launch_of_the_written_small_models_on_an_sm_for_every_weight_type() {
        ModelShape small = new ModelShape(256, 2, 8, 4, 512, 1024, 1e-5f, 32, 512);
        for (GgmlType type : new GgmlType[] {GgmlType.F32, GgmlType.F16, GgmlType.BF16, GgmlType.Q8_0, GgmlType.Q4_0, GgmlType.Q4_K, GgmlType.Q6_K}) {
            check(plan(small, type, DeviceKv.pages(64, 16), AttentionMode.quest(6, 1), null));
        }
    }

    @Test
    void should_let_every_kernel_run_blocks_of_1024_threads_as_the_plans_and_the_gpu_tests_may_launch_them() {
        for (var kernel : RESOURCES.entrySet()) {
            assertThat(registersPerBlock(kernel.getValue()[0], 1024)).as("registers of %s at 1024 threads", kernel.getKey())
                    .isLessThanOrEqualTo(REGISTERS_PER_SM_BLOCK);
            assertThat(kernel.getValue()[1]).as("static shared memory of %s", kernel.getKey()).isLessThanOrEqualTo(STATIC_SHARED_BYTES);
        }
    }

    private static void check(LaunchPlan plan) {
        for (LaunchPlan.Launch launch : plan.launches()) {
            int[] used = RESOURCES.get(launch.kernel());
            assertThat(used).as("ptxas report for %s", launch.kernel()).isNotNull();
            assertThat(registersPerBlock(used[0], launch.block())).as("registers of %s x %d threads", launch.kernel(), launch.block())
                    .isLessThanOrEqualTo(REGISTERS_PER_SM_BLOCK);
            assertThat(used[1]).as("static shared memory of %s", launch.kernel()).isLessThanOrEqualTo(STATIC_SHARED_BYTES);
        }
    }

    /** Registers a block takes: each warp's are allocated in units of 256 (8 per thread). */
    static int registersPerBlock(int perThread, int threads) {
        int warps = (threads + 31) / 32;
        return warps * ((perThread * 32 + 255) / 256 * 256);
    }

    private static LaunchPlan plan(ModelShape s, GgmlType type, int maxPages, AttentionMode mode, DecodePlan.RoundScoring rounds) {
        return plan(s, type, maxPages, mode, rounds, DeviceEviction.NONE);
    }

    private static LaunchPlan plan(ModelShape s, GgmlType type, int maxPages, AttentionMode mode, DecodePlan.RoundScoring rounds,
                                   DeviceEviction eviction) {
        var greedy = new DecodePlan.Ending(true, new CUdeviceptr(), true);
        return DecodePlan.build(null, DecodePlanTest.side(s, type, false), DecodePlanTest.kv(s, maxPages), DecodePlanTest.buffers(s, maxPages), mode,
                greedy, rounds, eviction);
    }

    @Test
    void should_count_registers_in_whole_allocation_units_when_a_block_is_sized() {
        assertThat(registersPerBlock(32, 1024)).isEqualTo(32 * 1024);
        assertThat(registersPerBlock(33, 1024)).isEqualTo(40 * 1024);
        assertThat(registersPerBlock(64, 1024)).isEqualTo(REGISTERS_PER_SM_BLOCK);
        assertThat(registersPerBlock(65, 1024)).isGreaterThan(REGISTERS_PER_SM_BLOCK);
    }
}
