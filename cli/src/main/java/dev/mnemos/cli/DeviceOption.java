package dev.mnemos.cli;

import dev.mnemos.inference.cuda.CudaDevice;
import dev.mnemos.inference.cuda.Device;
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

    /** The device a local model of the choice runs on: the first the driver reports, or null for the CPU. */
    static CudaDevice cuda(Device.Choice choice) {
        return choice.device() == Device.CUDA ? CudaDevice.probe().device().orElseThrow() : null;
    }
}
