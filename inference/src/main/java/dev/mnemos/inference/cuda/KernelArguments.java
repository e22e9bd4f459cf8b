package dev.mnemos.inference.cuda;

import java.util.ArrayList;
import java.util.List;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;

/**
 * Kernel arguments as {@code cuLaunchKernel} wants them: an array of pointers, one to each argument's value.
 * The driver copies the values at launch (or into the graph node at capture), so a packed array may be launched
 * again and again: a decode plan packs each launch once.
 */
final class KernelArguments {

    private KernelArguments() {}

    /**
     * Fails unless the arguments are, in number and in kind, the parameters {@code module.kernel} declares in the
     * shipped PTX ({@code u64}: a {@link CUdeviceptr}; {@code u32}/{@code s32}: an {@link Integer}; {@code f32}: a
     * {@link Float}). A kernel given one argument too few or one in the wrong place reads garbage or faults, and
     * the driver cannot tell: this check is what names the mistake.
     */
    static void check(String module, String kernel, Object... arguments) {
        List<String> declared = Ptx.parameters(module, kernel);
        List<String> passed = new ArrayList<>(arguments.length);
        for (Object a : arguments) {
            passed.add(switch (a) {
                case CUdeviceptr p -> "u64";
                case Integer n -> "u32";
                case Float f -> "f32";
                case null -> "null";
                default -> a.getClass().getSimpleName();
            });
        }
        List<String> expected = declared.stream().map(t -> t.equals("s32") ? "u32" : t).toList();
        if (!passed.equals(expected)) {
            throw new IllegalArgumentException(module + "." + kernel + " declares (" + String.join(", ", declared) + ") but is given ("
                    + String.join(", ", passed) + ")");
        }
    }

    /** Arguments are {@link CUdeviceptr} (a device address), {@link Integer} or {@link Float}, in the kernel's order. */
    static Pointer pack(Object... arguments) {
        Pointer[] slots = new Pointer[arguments.length];
        for (int i = 0; i < arguments.length; i++) {
            slots[i] = switch (arguments[i]) {
                case CUdeviceptr p -> Pointer.to(p);
                case Integer n -> Pointer.to(new int[] {n});
                case Float f -> Pointer.to(new float[] {f});
                case null -> throw new IllegalArgumentException("kernel argument " + i + " is null");
                default -> throw new IllegalArgumentException("kernel argument " + i + " is a " + arguments[i].getClass().getSimpleName()
                        + "; kernels take device pointers, ints and floats");
            };
        }
        return Pointer.to(slots);
    }
}
