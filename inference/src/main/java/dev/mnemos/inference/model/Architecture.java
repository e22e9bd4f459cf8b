package dev.mnemos.inference.model;

import dev.mnemos.inference.gguf.ModelFormatException;

/**
 * The transformer families this core runs, by their GGUF {@code general.architecture} name. Qwen2 is a
 * Llama with biases on q, k and v and with NeoX-style RoPE, so both share one forward pass.
 */
public enum Architecture {
    LLAMA("llama", RopeStyle.ADJACENT_PAIRS),
    QWEN2("qwen2", RopeStyle.HALVES);

    /** Which elements of a head RoPE rotates together. */
    public enum RopeStyle {
        /** (x[2i], x[2i+1]): llama.cpp's "normal" RoPE; GGUF conversion permutes Llama's q and k for it. */
        ADJACENT_PAIRS,
        /** (x[i], x[i + d/2]): GPT-NeoX style, as Qwen2 uses. */
        HALVES
    }

    private final String ggufName;
    private final RopeStyle ropeStyle;

    Architecture(String ggufName, RopeStyle ropeStyle) {
        this.ggufName = ggufName;
        this.ropeStyle = ropeStyle;
    }

    /** The metadata key prefix, e.g. {@code llama} for {@code llama.block_count}. */
    public String ggufName() {
        return ggufName;
    }

    public RopeStyle ropeStyle() {
        return ropeStyle;
    }

    /** @throws ModelFormatException naming the architecture when this core does not run it */
    public static Architecture of(String ggufName) {
        for (Architecture architecture : values()) {
            if (architecture.ggufName.equals(ggufName)) {
                return architecture;
            }
        }
        throw new ModelFormatException("unsupported model architecture '" + ggufName + "' (general.architecture); this core runs llama and qwen2");
    }
}
