package dev.mnemos.inference.cuda;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The committed PTX against its CUDA sources (the tests run in the inference module's directory). */
class CudaPtxTest {

    private static final Path SOURCES = Path.of("src/main/cuda");
    private static final Path COMMITTED = Path.of("src/main/resources/dev/mnemos/inference/cuda");
    private static final Pattern KERNEL = Pattern.compile("extern\\s+\"C\"\\s+__global__\\s+void\\s+([A-Za-z_][A-Za-z0-9_]*)\\s*\\(");
    private static final Pattern SIGNATURE = Pattern.compile("extern\\s+\"C\"\\s+__global__\\s+void\\s+([A-Za-z_][A-Za-z0-9_]*)\\s*\\(([^)]*)\\)");
    /** The PTX ISA scripts/build-ptx writes. */
    private static final String ISA = "7.8";

    @Test
    void should_ship_a_ptx_module_for_each_cuda_source_when_the_jar_is_built() throws IOException {
        assertThat(sources()).isNotEmpty();
        assertThat(sources().stream().map(CudaPtxTest::module).sorted().toList()).isEqualTo(Ptx.MODULES.stream().sorted().toList());
    }

    @Test
    void should_name_every_extern_c_kernel_as_an_entry_when_the_ptx_is_committed() throws IOException {
        for (Path cu : sources()) {
            List<String> kernels = kernels(Files.readString(cu));
            assertThat(kernels).as("kernels in %s", cu).isNotEmpty();
            Path ptx = COMMITTED.resolve(module(cu) + ".ptx");
            assertThat(ptx).as("committed PTX for %s", cu).exists();
            String loaded = Ptx.load(module(cu));
            assertThat(Ptx.entries(loaded)).as("entries in %s", ptx).containsExactlyInAnyOrderElementsOf(kernels);
            // Hopper's own target, not the old default (HOPPER.md: "Build with -arch=sm_90").
            assertThat(loaded).as("target of %s", ptx).contains(".target sm_90");
            // An ISA that drivers from CUDA 11.8 on JIT-compile, not CUDA 13's 9.0 (see scripts/build-ptx).
            assertThat(loaded.lines().filter(l -> l.startsWith(".version")).toList()).as("PTX ISA of %s", ptx).containsExactly(".version " + ISA);
        }
    }

    @Test
    void should_fail_when_the_committed_ptx_is_stale_against_its_source(@TempDir Path temp) throws Exception {
        Optional<Path> nvcc = nvcc();
        Assumptions.assumeTrue(nvcc.isPresent(), "nvcc is not on the PATH, so the committed PTX cannot be compared with a fresh build");
        for (Path cu : sources()) {
            Path fresh = temp.resolve(module(cu) + ".ptx");
            // The same command as scripts/build-ptx, from the source's directory.
            Process p = new ProcessBuilder(nvcc.get().toString(), "-ptx", "-arch=sm_90", "-O3", cu.getFileName().toString(), "-o",
                    fresh.toAbsolutePath().toString()).directory(SOURCES.toFile()).redirectErrorStream(true).start();
            String log = new String(p.getInputStream().readAllBytes());
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("nvcc finished on %s", cu).isTrue();
            assertThat(p.exitValue()).as("nvcc on %s: %s", cu, log).isZero();
            // build-ptx declares ISA 7.8 in place of nvcc's own version, and nothing else changes.
            String built = code(Files.readString(fresh)).replaceFirst("^\\.version \\d+\\.\\d+", ".version " + ISA);
            assertThat(code(Files.readString(COMMITTED.resolve(module(cu) + ".ptx"))))
                    .as("committed %s.ptx is stale against %s: run scripts/build-ptx --force and commit the PTX", module(cu), cu)
                    .isEqualTo(built);
        }
    }

    @Test
    void should_declare_in_the_ptx_the_parameters_of_each_kernel_in_its_source() throws IOException {
        // Without nvcc this still catches a .cu whose signature changed while its PTX did not.
        for (Path cu : sources()) {
            Map<String, List<String>> declared = Ptx.parameters(Ptx.load(module(cu)));
            Map<String, List<String>> written = signatures(Files.readString(cu));
            assertThat(written).as("kernels of %s", cu).isNotEmpty();
            for (var kernel : written.entrySet()) {
                assertThat(declared.get(kernel.getKey())).as("PTX parameters of %s in %s", kernel.getKey(), cu).isEqualTo(kernel.getValue());
            }
        }
    }

    @Test
    void should_read_parameter_types_when_a_source_declares_a_kernel() {
        String source = "extern \"C\" __global__ void k(const float* x, const uint8_t* w, int n,\n float eps, const double* f, int* out) {}";
        assertThat(signatures(source)).containsEntry("k", List.of("u64", "u64", "u32", "f32", "u64", "u64"));
    }

    @Test
    void should_find_kernel_names_when_a_source_declares_them() {
        String source = "extern \"C\" __global__ void one(float* x) {}\n__device__ float helper();\nextern \"C\"  __global__ void two_2 (int n) {}";
        assertThat(kernels(source)).containsExactly("one", "two_2");
        assertThat(Ptx.entries(".visible .entry one(\n.param .u64 a\n)\n.visible .entry two_2(")).containsExactly("one", "two_2");
    }

    /** The PTX without nvcc's leading comment block, which names the compiler build, not the code. */
    private static String code(String ptx) {
        int start = ptx.indexOf(".version");
        return start < 0 ? ptx : ptx.substring(start);
    }

    private static List<Path> sources() throws IOException {
        try (Stream<Path> files = Files.list(SOURCES)) {
            return files.filter(f -> f.toString().endsWith(".cu")).sorted().toList();
        }
    }

    private static String module(Path cu) {
        String name = cu.getFileName().toString();
        return name.substring(0, name.length() - ".cu".length());
    }

    private static List<String> kernels(String source) {
        List<String> names = new ArrayList<>();
        Matcher m = KERNEL.matcher(source);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** Each kernel's parameters as PTX types: a pointer is u64, int u32, float f32. */
    private static Map<String, List<String>> signatures(String source) {
        Map<String, List<String>> kernels = new LinkedHashMap<>();
        Matcher m = SIGNATURE.matcher(source);
        while (m.find()) {
            List<String> types = new ArrayList<>();
            for (String parameter : m.group(2).split(",")) {
                String p = parameter.strip();
                types.add(p.contains("*") ? "u64" : p.matches("(const\\s+)?int\\s+\\w+") ? "u32" : p.matches("(const\\s+)?float\\s+\\w+") ? "f32" : p);
            }
            kernels.put(m.group(1), types);
        }
        return kernels;
    }

    private static Optional<Path> nvcc() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        return Stream.of(path.split(File.pathSeparator)).filter(d -> !d.isEmpty()).map(d -> Path.of(d, "nvcc")).filter(Files::isExecutable)
                .findFirst();
    }
}
