package dev.mnemos.inference.tensor;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import org.junit.jupiter.api.Test;

/** The vector half-to-float conversion, exact for every finite half, sign and subnormals included. */
class F16TensorTest {

    @Test
    void should_convert_every_finite_half_as_the_scalar_conversion_does() {
        int halves = 1 << 16;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment segment = arena.allocate((long) halves * Short.BYTES);
            for (int bits = 0; bits < halves; bits++) {
                segment.setAtIndex(ValueLayout.JAVA_SHORT_UNALIGNED, bits, (short) bits);
            }
            F16Tensor tensor = new F16Tensor(segment, halves);
            float[] lanes = new float[FloatTensor.F.length()];
            for (int from = 0; from < halves; from += lanes.length) {
                tensor.vector(from).intoArray(lanes, 0);
                for (int lane = 0; lane < lanes.length; lane++) {
                    int bits = from + lane;
                    if ((bits & 0x7c00) == 0x7c00) {
                        continue; // infinities and NaNs: absent from weights, documented as not kept
                    }
                    float expected = Float.float16ToFloat((short) bits);
                    assertThat(Float.floatToRawIntBits(lanes[lane])).as("half 0x%04x", bits)
                            .isEqualTo(Float.floatToRawIntBits(expected));
                }
            }
        }
    }
}
