package dev.mnemos.inference.sampling;

/**
 * How to pick the next token, with llama.cpp's meanings and defaults for each knob. A temperature of 0
 * (or below) is greedy: the most likely token after the penalties, no randomness.
 *
 * @param temperature      divides the logits before the final draw; ≤ 0 means greedy
 * @param topK             keep the k most likely tokens; 0 keeps all
 * @param topP             keep the smallest set of most likely tokens whose probability reaches p; 1 keeps all
 * @param minP             drop tokens less likely than minP × the most likely one; 0 keeps all
 * @param repeatPenalty    divides positive (multiplies negative) logits of tokens seen in the last {@code penaltyLastN}; 1 is off
 * @param frequencyPenalty subtracts frequencyPenalty × (times seen); 0 is off
 * @param presencePenalty  subtracts presencePenalty once from any token seen; 0 is off
 * @param penaltyLastN     how many recent tokens the penalties look at
 * @param seed             seeds the draw: the same seed, prompt and model give the same tokens
 */
public record SamplerConfig(
        float temperature,
        int topK,
        float topP,
        float minP,
        float repeatPenalty,
        float frequencyPenalty,
        float presencePenalty,
        int penaltyLastN,
        long seed) {

    public SamplerConfig {
        if (topK < 0) {
            throw new IllegalArgumentException("topK must be 0 (off) or positive, got " + topK);
        }
        if (!(topP > 0 && topP <= 1)) {
            throw new IllegalArgumentException("topP must be in (0, 1], got " + topP);
        }
        if (!(minP >= 0 && minP < 1)) {
            throw new IllegalArgumentException("minP must be in [0, 1), got " + minP);
        }
        if (!(repeatPenalty > 0)) {
            throw new IllegalArgumentException("repeatPenalty must be positive (1 is off), got " + repeatPenalty);
        }
        if (penaltyLastN < 0) {
            throw new IllegalArgumentException("penaltyLastN must not be negative, got " + penaltyLastN);
        }
    }

    /** The most likely token every time. */
    public static SamplerConfig greedy() {
        return new SamplerConfig(0f, 0, 1f, 0f, 1f, 0f, 0f, 64, 0L);
    }

    /** llama.cpp's defaults: temperature 0.8, top-k 40, top-p 0.95, min-p 0.05, no penalties. */
    public static SamplerConfig defaults(long seed) {
        return new SamplerConfig(0.8f, 40, 0.95f, 0.05f, 1f, 0f, 0f, 64, seed);
    }

    public boolean isGreedy() {
        return temperature <= 0;
    }

    public SamplerConfig withTemperature(float value) {
        return new SamplerConfig(value, topK, topP, minP, repeatPenalty, frequencyPenalty, presencePenalty, penaltyLastN, seed);
    }

    public SamplerConfig withTopK(int value) {
        return new SamplerConfig(temperature, value, topP, minP, repeatPenalty, frequencyPenalty, presencePenalty, penaltyLastN, seed);
    }

    public SamplerConfig withTopP(float value) {
        return new SamplerConfig(temperature, topK, value, minP, repeatPenalty, frequencyPenalty, presencePenalty, penaltyLastN, seed);
    }

    public SamplerConfig withMinP(float value) {
        return new SamplerConfig(temperature, topK, topP, value, repeatPenalty, frequencyPenalty, presencePenalty, penaltyLastN, seed);
    }

    public SamplerConfig withPenalties(float repeat, float frequency, float presence) {
        return new SamplerConfig(temperature, topK, topP, minP, repeat, frequency, presence, penaltyLastN, seed);
    }

    public SamplerConfig withSeed(long value) {
        return new SamplerConfig(temperature, topK, topP, minP, repeatPenalty, frequencyPenalty, presencePenalty, penaltyLastN, value);
    }
}
