package dev.mnemos.cli;

import dev.mnemos.inference.cuda.Device;
import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** {@code --device auto|cpu|cuda}: the backend, said on stderr, or a usage error that says why it cannot be had. */
final class DeviceOption {

    private DeviceOption() {}

    static Device.Choice choose(CommandSpec spec, String option) {
        Device.Choice choice;
        try {
            choice = Device.choose(option);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        spec.commandLine().getErr().println(choice.reason());
        spec.commandLine().getErr().flush();
        return choice;
    }

    /** For a command whose work runs on the CPU only so far: auto says so, cuda is refused. */
    static void cpuOnly(CommandSpec spec, String option, String what) {
        String asked = option == null ? "" : option.strip().toLowerCase(Locale.ROOT);
        switch (asked) {
            case "cpu" -> {}
            case "cuda" -> throw new ParameterException(spec.commandLine(),
                    "--device cuda: " + what + " does not run on the CUDA backend yet; use --device cpu or auto");
            case "auto" -> {
                if (choose(spec, asked).device() == Device.CUDA) {
                    spec.commandLine().getErr().println("Running " + what + " on the CPU all the same: it does not run on the CUDA backend yet.");
                }
            }
            default -> choose(spec, option); // the usage error
        }
    }
}
