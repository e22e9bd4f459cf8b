package dev.mnemos.inference.gguf;

/**
 * The scale fitting shared by ggml's K-quant reference quantizers (ggml-quants.c): {@code nearest_int},
 * {@code make_qkx2_quants} (scale and min, for Q4_K) and {@code make_qx_quants} (a signed scale, for Q6_K), in the same
 * float operations and order, so that the bytes match ggml's.
 */
final class KQuants {

    static final float GROUP_MAX_EPS = 1e-15f;

    private KQuants() {
    }

    /** ggml's {@code nearest_int}: round half to even by adding 1.5 * 2^23, for |value| up to 2^22. */
    static int nearestInt(float value) {
        int bits = Float.floatToRawIntBits(value + 12582912f);
        return (bits & 0x007F_FFFF) - 0x0040_0000;
    }

    /**
     * {@code make_qkx2_quants} without mean-absolute error: fits {@code x ≈ scale * l - min} with levels
     * {@code l in [0, maxLevel]}, trying {@code steps + 1} scales around the range; writes the levels and returns the
     * scale, with the min (as a positive number) in {@code mins[minIndex]}.
     */
    static float fitScaleAndMin(int n, int maxLevel, float[] x, int from, float[] weights, int[] levels, int levelsFrom,
            float[] mins, int minIndex, float rmin, float rdelta, int steps) {
        float min = x[from];
        float max = x[from];
        float sumW = weights[0];
        float sumX = sumW * x[from];
        for (int i = 1; i < n; i++) {
            if (x[from + i] < min) { // comparisons, not Math.min/max, which treat -0.0 and NaN otherwise than C
                min = x[from + i];
            }
            if (x[from + i] > max) {
                max = x[from + i];
            }
            sumW += weights[i];
            sumX += weights[i] * x[from + i];
        }
        if (min > 0) {
            min = 0;
        }
        if (max == min) {
            for (int i = 0; i < n; i++) {
                levels[levelsFrom + i] = 0;
            }
            mins[minIndex] = -min;
            return 0f;
        }
        float iscale = maxLevel / (max - min);
        float scale = 1 / iscale;
        float bestError = 0;
        for (int i = 0; i < n; i++) {
            int l = Math.max(0, Math.min(maxLevel, nearestInt(iscale * (x[from + i] - min))));
            levels[levelsFrom + i] = l;
            float diff = scale * l + min - x[from + i];
            bestError += weights[i] * (diff * diff);
        }
        int[] trial = new int[n];
        for (int step = 0; step <= steps; step++) {
            iscale = (rmin + rdelta * step + maxLevel) / (max - min);
            float sumL = 0;
            float sumL2 = 0;
            float sumXL = 0;
            for (int i = 0; i < n; i++) {
                int l = Math.max(0, Math.min(maxLevel, nearestInt(iscale * (x[from + i] - min))));
                trial[i] = l;
                float w = weights[i];
                sumL += w * l;
                sumL2 += w * l * l;
                sumXL += w * l * x[from + i];
            }
            float determinant = sumW * sumL2 - sumL * sumL;
            if (determinant > 0) {
                float thisScale = (sumW * sumXL - sumX * sumL) / determinant;
                float thisMin = (sumL2 * sumX - sumL * sumXL) / determinant;
                if (thisMin > 0) {
                    thisMin = 0;
                    thisScale = sumXL / sumL2;
                }
                float error = 0;
                for (int i = 0; i < n; i++) {
                    float diff = thisScale * trial[i] + thisMin - x[from + i];
                    error += weights[i] * (diff * diff);
                }
                if (error < bestError) {
                    System.arraycopy(trial, 0, levels, levelsFrom, n);
                    bestError = error;
                    scale = thisScale;
                    min = thisMin;
                }
            }
        }
        mins[minIndex] = -min;
        return scale;
    }

    /**
     * {@code make_qx_quants} with {@code rmse_type = 1} and no importance weights: fits {@code x ≈ scale * l} with
     * levels {@code l in [-maxLevel, maxLevel - 1]} (stored plus {@code maxLevel}), weighting by {@code x²} and trying
     * 18 scales around {@code -maxLevel / max}; returns the scale.
     */
    static float fitSymmetricScale(int n, int maxLevel, float[] x, int from, int[] levels, int levelsFrom) {
        float max = 0;
        float amax = 0;
        for (int i = 0; i < n; i++) {
            float ax = Math.abs(x[from + i]);
            if (ax > amax) {
                amax = ax;
                max = x[from + i];
            }
        }
        if (amax < GROUP_MAX_EPS) {
            for (int i = 0; i < n; i++) {
                levels[levelsFrom + i] = 0;
            }
            return 0f;
        }
        float iscale = -maxLevel / max;
        float sumLX = 0;
        float sumL2 = 0;
        for (int i = 0; i < n; i++) {
            float v = x[from + i];
            int l = Math.max(-maxLevel, Math.min(maxLevel - 1, nearestInt(iscale * v)));
            levels[levelsFrom + i] = l + maxLevel;
            float w = v * v;
            sumLX += w * v * l;
            sumL2 += w * l * l;
        }
        float scale = sumL2 != 0 ? sumLX / sumL2 : 0f;
        float best = scale * sumLX;
        for (int step = -9; step <= 9; step++) {
            if (step == 0) {
                continue;
            }
            iscale = -(maxLevel + 0.1f * step) / max;
            sumLX = 0;
            sumL2 = 0;
            for (int i = 0; i < n; i++) {
                float v = x[from + i];
                int l = Math.max(-maxLevel, Math.min(maxLevel - 1, nearestInt(iscale * v)));
                float w = v * v;
                sumLX += w * v * l;
                sumL2 += w * l * l;
            }
            if (sumL2 > 0 && sumLX * sumLX > best * sumL2) {
                for (int i = 0; i < n; i++) {
                    int l = nearestInt(iscale * x[from + i]);
                    levels[levelsFrom + i] = maxLevel + Math.max(-maxLevel, Math.min(maxLevel - 1, l));
                }
                scale = sumLX / sumL2;
                best = scale * sumLX;
            }
        }
        return scale;
    }
}
