package dev.mnemos.inference.cuda;

import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;

/**
 * Kernel arguments as {@code cuLaunchKernel} wants them: an array of pointers, one to each argument's value.
 * The driver copies the values at launch (or into the graph node at capture), so a packed array may be launched
 * again and again: a decode plan packs each launch once.
 */
final class KernelArguments {

    private KernelArguments() {}

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
