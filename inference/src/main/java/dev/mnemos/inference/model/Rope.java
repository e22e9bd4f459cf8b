package dev.mnemos.inference.model;

/** Rotary position embedding: rotates pairs of each head's leading dimensions by position-dependent angles. */
final class Rope {

    private final Architecture.RopeStyle style;
    private final int pairs;
    private final double[] inverseFrequencies; // (rope dims / 2)

    Rope(Model model) {
        this.style = model.architecture().ropeStyle();
        this.pairs = model.rope().dimensionCount() / 2;
        this.inverseFrequencies = model.rope().inverseFrequencies(model.weights().ropeFrequencyFactors());
    }

    /** Fills row {@code t} of cos/sin (batch, pairs) with the angles of {@code position}. */
    void angles(int position, float[] cos, float[] sin, int t) {
        for (int i = 0; i < pairs; i++) {
            double angle = position * inverseFrequencies[i];
            cos[t * pairs + i] = (float) Math.cos(angle);
            sin[t * pairs + i] = (float) Math.sin(angle);
        }
    }

    /** Rotates {@code heads} heads of {@code headSize} starting at {@code offset} with the angles in row {@code t}. */
    void rotate(float[] vector, int offset, int heads, int headSize, float[] cos, float[] sin, int t) {
        for (int h = 0; h < heads; h++) {
            int head = offset + h * headSize;
            for (int i = 0; i < pairs; i++) {
                int a = style == Architecture.RopeStyle.ADJACENT_PAIRS ? head + 2 * i : head + i;
                int b = style == Architecture.RopeStyle.ADJACENT_PAIRS ? a + 1 : a + pairs;
                float c = cos[t * pairs + i], s = sin[t * pairs + i];
                float x0 = vector[a], x1 = vector[b];
                vector[a] = x0 * c - x1 * s;
                vector[b] = x0 * s + x1 * c;
            }
        }
    }
}
