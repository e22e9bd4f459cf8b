package dev.mnemos.inference.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.mnemos.inference.gguf.ModelFormatException;
import org.junit.jupiter.api.Test;

class RopeConfigTest {

    private static double plain(int i, int dims, double base) {
        return Math.pow(base, -2.0 * i / dims);
    }

    @Test
    void should_keep_short_wavelengths_and_slow_long_ones_by_the_factor_when_scaling_like_llama3() {
        RopeConfig rope = new RopeConfig(128, 500000f, "llama3", 8f, 8192, 1f, 4f);
        double[] inverse = rope.inverseFrequencies(null);
        assertThat(inverse[0]).isEqualTo(plain(0, 128, 500000)); // wavelength 2π, far below 8192 / 4
        assertThat(inverse[63]).isCloseTo(plain(63, 128, 500000) / 8, within(1e-15)); // wavelength in the millions
        for (int i = 1; i < 64; i++) {
            double unscaled = plain(i, 128, 500000);
            assertThat(inverse[i]).isBetween(unscaled / 8 - 1e-15, unscaled + 1e-15);
            assertThat(inverse[i]).isLessThan(inverse[i - 1]);
        }
    }

    @Test
    void should_divide_every_frequency_when_scaling_linearly() {
        double[] inverse = new RopeConfig(8, 10000f, "linear", 4f, 2048, 1f, 4f).inverseFrequencies(null);
        for (int i = 0; i < 4; i++) {
            assertThat(inverse[i]).isCloseTo(plain(i, 8, 10000) / 4, within(1e-15));
        }
    }

    @Test
    void should_divide_by_the_files_factors_when_it_carries_rope_freqs() {
        float[] factors = {1f, 2f, 4f, 8f};
        double[] inverse = new RopeConfig(8, 10000f, "none", 1f, 8192, 1f, 4f).inverseFrequencies(factors);
        for (int i = 0; i < 4; i++) {
            assertThat(inverse[i]).isCloseTo(plain(i, 8, 10000) / factors[i], within(1e-15));
        }
    }

    @Test
    void should_name_the_scaling_type_when_it_is_unsupported() {
        assertThatThrownBy(() -> new RopeConfig(8, 10000f, "yarn", 4f, 2048, 1f, 4f))
                .isInstanceOf(ModelFormatException.class).hasMessageContaining("'yarn'");
    }
}
