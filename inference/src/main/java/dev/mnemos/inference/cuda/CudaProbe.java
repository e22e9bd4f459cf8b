package dev.mnemos.inference.cuda;

import java.util.Objects;
import java.util.Optional;

/**
 * What {@link CudaDevice#probe()} found: a device, or the reason there is none.
 *
 * @param device the device, when one is usable
 * @param reason why there is none (blank when there is one)
 */
public record CudaProbe(Optional<CudaDevice> device, String reason) {

    public CudaProbe {
        Objects.requireNonNull(device);
        Objects.requireNonNull(reason);
    }

    static CudaProbe found(CudaDevice device) {
        return new CudaProbe(Optional.of(device), "");
    }

    /** No usable device; the reason is a phrase that completes "no CUDA device: ...". */
    public static CudaProbe none(String reason) {
        return new CudaProbe(Optional.empty(), reason);
    }

    public boolean available() {
        return device.isPresent();
    }
}
