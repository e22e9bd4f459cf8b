package dev.mnemos.inference.cuda;

import java.util.Locale;
import java.util.function.Supplier;

/** The backend a {@code --device auto|cpu|cuda} option asks for. */
public enum Device {
    CPU,
    CUDA;

    /**
     * The backend chosen and the sentence that tells the user why.
     *
     * @param device the backend
     * @param reason one sentence, printed at start so that nobody wonders which backend ran
     */
    public record Choice(Device device, String reason) {}

    /** Chooses for the option, probing the driver when the option needs it. */
    public static Choice choose(String option) {
        return choose(option, CudaDevice::probe);
    }

    /** As {@link #choose(String)}, with the probe given (tests give one that finds a device). */
    public static Choice choose(String option, Supplier<CudaProbe> probe) {
        String normalised = option == null ? "" : option.strip().toLowerCase(Locale.ROOT);
        return switch (normalised) {
            case "cpu" -> new Choice(CPU, "Running on the CPU, as --device cpu asks.");
            case "cuda" -> {
                CudaProbe found = probe.get();
                if (!found.available()) {
                    throw new IllegalStateException("--device cuda was asked for, but there is no CUDA device: " + found.reason()
                            + ". Use --device cpu or --device auto.");
                }
                yield new Choice(CUDA, "Running on CUDA (" + found.device().orElseThrow().describe() + "), as --device cuda asks.");
            }
            case "auto" -> {
                CudaProbe found = probe.get();
                yield found.available()
                        ? new Choice(CUDA, "Running on CUDA (" + found.device().orElseThrow().describe() + "): --device auto found a GPU.")
                        : new Choice(CPU, "Running on the CPU: --device auto found no CUDA device (" + found.reason() + ").");
            }
            default -> throw new IllegalArgumentException("--device takes auto, cpu or cuda, not '" + option + "'");
        };
    }
}
