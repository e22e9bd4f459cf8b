package dev.mnemos.inference.model;

import dev.mnemos.inference.gguf.GgufMetadata;
import dev.mnemos.inference.gguf.ModelFormatException;

/**
 * Rotary position embedding, from the {@code <arch>.rope.*} block of GGUF metadata.
 *
 * @param dimensionCount        {@code <arch>.rope.dimension_count}: leading dimensions of each head that rotate (default: head size)
 * @param freqBase              {@code <arch>.rope.freq_base} (θ, default 10000)
 * @param scalingType           {@code <arch>.rope.scaling.type}: none, linear or llama3
 * @param scalingFactor         {@code <arch>.rope.scaling.factor} (1 when unscaled)
 * @param originalContextLength {@code <arch>.rope.scaling.original_context_length}
 * @param lowFreqFactor         {@code <arch>.rope.scaling.low_freq_factor} (llama3)
 * @param highFreqFactor        {@code <arch>.rope.scaling.high_freq_factor} (llama3)
 */
public record RopeConfig(
        int dimensionCount,
        float freqBase,
        String scalingType,
        float scalingFactor,
        int originalContextLength,
        float lowFreqFactor,
        float highFreqFactor) {

    public RopeConfig {
        if (dimensionCount <= 0 || dimensionCount % 2 != 0) {
            throw new ModelFormatException("rope.dimension_count must be positive and even, got " + dimensionCount);
        }
        if (!scalingType.equals("none") && !scalingType.equals("linear") && !scalingType.equals("llama3")) {
            throw new ModelFormatException("unsupported rope.scaling.type '" + scalingType + "' (this core knows none, linear, llama3)");
        }
    }

    static RopeConfig from(GgufMetadata metadata, Architecture architecture, int headSize) {
        String arch = architecture.ggufName();
        float factor = metadata.getFloat(arch + ".rope.scaling.factor", 1f);
        String type = metadata.findString(arch + ".rope.scaling.type")
                .orElse(metadata.contains(arch + ".rope.scaling.low_freq_factor") ? "llama3" : "none");
        return new RopeConfig(
                metadata.getInt(arch + ".rope.dimension_count", headSize),
                metadata.getFloat(arch + ".rope.freq_base", 10000f),
                type,
                factor,
                metadata.getInt(arch + ".rope.scaling.original_context_length", 8192),
                metadata.getFloat(arch + ".rope.scaling.low_freq_factor", 1f),
                metadata.getFloat(arch + ".rope.scaling.high_freq_factor", 4f));
    }

    /**
     * The angle per position of each rotated pair {@code i < dimensionCount/2}: θ^(−2i/d), divided by
     * {@code frequencyFactors[i]} when the file carries {@code rope_freqs.weight} (how llama.cpp stores
     * Llama-3 scaling), else scaled as {@link #scalingType} says.
     */
    public double[] inverseFrequencies(float[] frequencyFactors) {
        int pairs = dimensionCount / 2;
        double[] inverse = new double[pairs];
        for (int i = 0; i < pairs; i++) {
            double frequency = Math.pow(freqBase, -2.0 * i / dimensionCount);
            if (frequencyFactors != null) {
                frequency /= frequencyFactors[i];
            } else if (scalingType.equals("linear")) {
                frequency /= scalingFactor;
            } else if (scalingType.equals("llama3")) {
                frequency = llama3(frequency);
            }
            inverse[i] = frequency;
        }
        return inverse;
    }

    /** Llama 3.1's scaling: long wavelengths slowed by the factor, short ones kept, a smooth ramp between. */
    private double llama3(double frequency) {
        double lowFreqWavelength = originalContextLength / lowFreqFactor;
        double highFreqWavelength = originalContextLength / highFreqFactor;
        double wavelength = 2 * Math.PI / frequency;
        if (wavelength < highFreqWavelength) {
            return frequency;
        }
        if (wavelength > lowFreqWavelength) {
            return frequency / scalingFactor;
        }
        double smooth = (originalContextLength / wavelength - lowFreqFactor) / (highFreqFactor - lowFreqFactor);
        return (1 - smooth) * frequency / scalingFactor + smooth * frequency;
    }
}
