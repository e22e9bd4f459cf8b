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
    public static final List<String> MODULES = List.of("activation", "attention", "matvec", "norm", "rope");

    private static final Pattern ENTRY = Pattern.compile("\\.entry\\s+([A-Za-z_][A-Za-z0-9_]*)\\s*\\(");

    private Ptx() {}

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
