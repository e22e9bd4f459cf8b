package dev.mnemos.inference.cuda;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PTX the jar ships (built from {@code inference/src/main/cuda} by {@code scripts/build-ptx}),
 * one module per kernel source.
 */
public final class Ptx {

    /** The kernel sources, by name: {@code matvec.cu} becomes the resource {@code matvec.ptx}. */
    public static final List<String> MODULES = List.of("activation", "attention", "matvec", "norm", "rope", "tokens");

    private static final Pattern ENTRY = Pattern.compile("\\.entry\\s+([A-Za-z_][A-Za-z0-9_]*)\\s*\\(");
    private static final Pattern SIGNATURE = Pattern.compile("\\.entry\\s+([A-Za-z_][A-Za-z0-9_]*)\\s*\\(([^)]*)\\)");
    private static final Pattern PARAM = Pattern.compile("\\.param\\s+\\.(\\w+)");

    /** Each module's kernel signatures, parsed once from the shipped PTX. */
    private static final java.util.Map<String, java.util.Map<String, List<String>>> SIGNATURES = new java.util.concurrent.ConcurrentHashMap<>();

    private Ptx() {}

    /**
     * A shipped kernel's parameter types as its PTX declares them; fails, naming what the module has, when the
     * module or kernel does not exist.
     */
    public static List<String> parameters(String module, String kernel) {
        java.util.Map<String, List<String>> kernels = SIGNATURES.computeIfAbsent(module, m -> parameters(load(m)));
        List<String> types = kernels.get(kernel);
        if (types == null) {
            throw new IllegalArgumentException("no kernel " + kernel + " in " + module + ".ptx; it has " + kernels.keySet());
        }
        return types;
    }

    /** The PTX text of one module; fails when the jar lacks it. */
    public static String load(String module) {
        String resource = module + ".ptx";
        try (InputStream in = Ptx.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("no PTX resource " + resource + " next to " + Ptx.class.getName()
                        + " (run scripts/build-ptx where nvcc exists)");
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Each kernel's parameter types as PTX declares them ({@code u64} for a pointer, {@code u32}, {@code f32}), in order. */
    public static java.util.Map<String, List<String>> parameters(String ptx) {
        java.util.Map<String, List<String>> kernels = new java.util.LinkedHashMap<>();
        Matcher m = SIGNATURE.matcher(ptx);
        while (m.find()) {
            List<String> types = new ArrayList<>();
            Matcher p = PARAM.matcher(m.group(2));
            while (p.find()) types.add(p.group(1));
            kernels.put(m.group(1), types);
        }
        return kernels;
    }

    /** The kernel names a PTX text defines ({@code .entry name(}). */
    public static List<String> entries(String ptx) {
        List<String> names = new ArrayList<>();
        Matcher m = ENTRY.matcher(ptx);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }
}
