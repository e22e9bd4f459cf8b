package dev.mnemos.inference.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** Each type's scalar reference against the format's formula, on blocks built byte by byte. */
class WeightFormatTest {

    @Test
    void should_round_trip_f32_exactly() {
        float[] values = {0f, -1.5f, 3.25e-20f, Float.MAX_VALUE};
        MemorySegment data = MemorySegment.ofArray(new byte[16]);
        F32Format.quantize(values, 0, 4, data, 0);
        float[] out = new float[2];
        Dequantizer.of(GgmlType.F32).dequantize(data, 2, out, 2);
        assertThat(out).containsExactly(3.25e-20f, Float.MAX_VALUE);
    }

    @Test
    void should_decode_f16_halves_when_dequantizing() {
        MemorySegment data = MemorySegment.ofArray(new byte[8]);
        short[] halves = {0x3C00, (short) 0xC000, 0x7BFF, 0x0001}; // 1, -2, 65504, smallest subnormal 2^-24
        for (int i = 0; i < 4; i++) {
            data.set(GgufArray.SHORT, i * 2L, halves[i]);
        }
        float[] out = new float[4];
        F16Format.dequantize(data, 0, out, 4);
        assertThat(out).containsExactly(1f, -2f, 65504f, (float) Math.pow(2, -24));
    }

    @Test
    void should_round_bf16_to_nearest_even() {
        // 1 + 2^-8 is halfway between two BF16 values (1 and 1 + 2^-7): ties go to the even one, 1.
        assertThat(BF16Format.toFloat(BF16Format.fromFloat(1f + 0x1p-8f))).isEqualTo(1f);
        // 1 + 3 * 2^-8 is halfway between 1 + 2^-7 and 1 + 2^-6: ties go to the even one, 1 + 2^-6.
        assertThat(BF16Format.toFloat(BF16Format.fromFloat(1f + 3 * 0x1p-8f))).isEqualTo(1f + 0x1p-6f);
        assertThat(Float.isNaN(BF16Format.toFloat(BF16Format.fromFloat(Float.NaN)))).isTrue();
        MemorySegment data = MemorySegment.ofArray(new byte[4]);
        BF16Format.quantize(new float[] {-3.5f, 0.15625f}, 0, 2, data, 0);
        float[] out = new float[2];
        BF16Format.dequantize(data, 0, out, 2);
        assertThat(out).containsExactly(-3.5f, 0.15625f);
    }

    @Test
    void should_multiply_each_q8_0_quant_by_the_block_scale() {
        MemorySegment data = MemorySegment.ofArray(new byte[2 * 34]);
        for (int block = 0; block < 2; block++) {
            data.set(GgufArray.SHORT, block * 34L, Float.floatToFloat16(block == 0 ? 0.5f : -0.25f));
            for (int j = 0; j < 32; j++) {
                data.set(ValueLayout.JAVA_BYTE, block * 34L + 2 + j, (byte) (j * 8 - 128));
            }
        }
        float[] out = new float[32];
        Q8_0Format.dequantize(data, 32, out, 32);
        for (int j = 0; j < 32; j++) {
            assertThat(out[j]).isEqualTo((j * 8 - 128) * -0.25f);
        }
    }

    @Test
    void should_quantize_q8_0_as_ggml_does_when_a_value_lies_halfway() {
        float[] values = new float[32];
        values[0] = 127f; // amax 127: d = 1, id = 1
        values[1] = -2.5f; // roundf gives -3; Math.round would give -2
        values[2] = 2.5f;
        values[3] = 0.49999997f;
        MemorySegment data = MemorySegment.ofArray(new byte[34]);
        Q8_0Format.quantize(values, 0, 32, data, 0);
        assertThat(Float.float16ToFloat(data.get(GgufArray.SHORT, 0))).isEqualTo(1f);
        assertThat(data.get(ValueLayout.JAVA_BYTE, 2)).isEqualTo((byte) 127);
        assertThat(data.get(ValueLayout.JAVA_BYTE, 3)).isEqualTo((byte) -3);
        assertThat(data.get(ValueLayout.JAVA_BYTE, 4)).isEqualTo((byte) 3);
        assertThat(data.get(ValueLayout.JAVA_BYTE, 5)).isEqualTo((byte) 0);
    }

    @Test
    void should_decode_both_nibbles_of_q4_0() {
        MemorySegment data = MemorySegment.ofArray(new byte[18]);
        data.set(GgufArray.SHORT, 0, Float.floatToFloat16(1.5f));
        for (int j = 0; j < 16; j++) {
            data.set(ValueLayout.JAVA_BYTE, 2 + j, (byte) (j | ((15 - j) << 4)));
        }
        float[] out = new float[32];
        Q4_0Format.dequantize(data, 0, out, 32);
        for (int j = 0; j < 16; j++) {
            assertThat(out[j]).isEqualTo((j - 8) * 1.5f);
            assertThat(out[j + 16]).isEqualTo((15 - j - 8) * 1.5f);
        }
    }

    @Test
    void should_quantize_q4_0_with_the_signed_maximum_over_minus_8() {
        float[] values = new float[32];
        values[0] = -8f; // the largest magnitude, negative: d = -8 / -8 = 1
        values[1] = 7.6f; // 7.6 + 8.5 = 16.1, truncated to 16, capped at 15
        values[2] = 0.4f; // 8.9 truncated to 8
        values[16] = -0.6f; // 7.9 truncated to 7
        MemorySegment data = MemorySegment.ofArray(new byte[18]);
        Q4_0Format.quantize(values, 0, 32, data, 0);
        assertThat(Float.float16ToFloat(data.get(GgufArray.SHORT, 0))).isEqualTo(1f);
        assertThat(data.get(ValueLayout.JAVA_BYTE, 2) & 0xFF).isEqualTo(0 | (7 << 4));
        assertThat(data.get(ValueLayout.JAVA_BYTE, 3) & 0xFF).isEqualTo(15 | (8 << 4));
        assertThat(data.get(ValueLayout.JAVA_BYTE, 4) & 0xFF).isEqualTo(8 | (8 << 4));
    }

    @Test
    void should_apply_each_q4_k_sub_block_scale_and_min() {
        int[] scale = {1, 7, 63, 20, 33, 45, 62, 9}; // 6 bits each
        int[] min = {0, 5, 12, 63, 2, 40, 17, 31};
        float d = 0.125f;
        float dmin = 0.0625f;
        byte[] block = new byte[144];
        MemorySegment data = MemorySegment.ofArray(block);
        data.set(GgufArray.SHORT, 0, Float.floatToFloat16(d));
        data.set(GgufArray.SHORT, 2, Float.floatToFloat16(dmin));
        // The 12 scale bytes: sub-blocks 0-3 keep scale and min in the low 6 bits of bytes 0-3 and 4-7; sub-blocks
        // 4-7 keep their low 4 bits in bytes 8-11 and their high 2 bits in the top bits of bytes 0-7.
        for (int j = 0; j < 4; j++) {
            block[4 + j] = (byte) (scale[j] | ((scale[j + 4] >> 4) << 6));
            block[4 + j + 4] = (byte) (min[j] | ((min[j + 4] >> 4) << 6));
            block[4 + j + 8] = (byte) ((scale[j + 4] & 0xF) | ((min[j + 4] & 0xF) << 4));
        }
        int[] quants = new int[256];
        var random = new SplittableRandom(7);
        for (int i = 0; i < 256; i++) {
            quants[i] = random.nextInt(16);
        }
        // element i sits in 64-element group g = i / 64: its low 32 in low nibbles, its high 32 in high nibbles
        for (int i = 0; i < 256; i++) {
            int group = i / 64;
            int l = i % 32;
            boolean high = i % 64 >= 32;
            int at = 16 + group * 32 + l;
            block[at] = (byte) (high ? (block[at] & 0x0F) | (quants[i] << 4) : (block[at] & 0xF0) | quants[i]);
        }
        float[] out = new float[256];
        Q4_KFormat.dequantize(data, 0, out, 256);
        for (int i = 0; i < 256; i++) {
            int subBlock = i / 32;
            float expected = d * scale[subBlock] * quants[i] - dmin * min[subBlock];
            assertThat(out[i]).as("element %d", i).isEqualTo(expected);
        }
    }

    @Test
    void should_join_low_and_high_bits_of_q6_k() {
        byte[] block = new byte[210];
        MemorySegment data = MemorySegment.ofArray(block);
        var random = new SplittableRandom(11);
        int[] quants = new int[256]; // 6-bit, 0..63
        for (int i = 0; i < 256; i++) {
            quants[i] = random.nextInt(64);
        }
        byte[] scales = new byte[16];
        for (int s = 0; s < 16; s++) {
            scales[s] = (byte) (s * 17 - 128);
            block[192 + s] = scales[s];
        }
        float d = 0.03125f;
        data.set(GgufArray.SHORT, 208, Float.floatToFloat16(d));
        // Each 128 elements use 64 ql bytes and 32 qh bytes: elements l, l+32, l+64, l+96 share qh[l]; l and l+64
        // share ql[l] (low and high nibble), l+32 and l+96 share ql[l+32].
        for (int i = 0; i < 256; i++) {
            int half = i / 128;
            int r = i % 128;
            int l = r % 32;
            int quarter = r / 32;
            int ql = half * 64 + l + (quarter % 2 == 1 ? 32 : 0);
            int low = quants[i] & 0xF;
            block[ql] = (byte) (quarter < 2 ? (block[ql] & 0xF0) | low : (block[ql] & 0x0F) | (low << 4));
            int qh = 128 + half * 32 + l;
            block[qh] = (byte) (block[qh] | ((quants[i] >> 4) << (2 * quarter)));
        }
        float[] out = new float[256];
        Q6_KFormat.dequantize(data, 0, out, 256);
        for (int i = 0; i < 256; i++) {
            float expected = d * scales[i / 16] * (quants[i] - 32);
            assertThat(out[i]).as("element %d", i).isEqualTo(expected);
        }
    }

    @Test
    void should_quantize_a_constant_q4_k_block_through_its_min_alone() {
        float[] values = new float[256];
        Arrays.fill(values, -0.75f); // max - min > 0 only because min is below 0 and max is the same value
        MemorySegment data = MemorySegment.ofArray(new byte[144]);
        Q4_KFormat.quantize(values, 0, 256, data, 0);
        float[] out = new float[256];
        Q4_KFormat.dequantize(data, 0, out, 256);
        for (float value : out) {
            assertThat(value).isCloseTo(-0.75f, Offset.offset(0.75f / 63));
        }
    }

    @Test
    void should_write_an_all_zero_q6_k_block_when_every_value_is_zero() {
        MemorySegment data = MemorySegment.ofArray(new byte[210]);
        data.fill((byte) 7);
        Q6_KFormat.quantize(new float[256], 0, 256, data, 0);
        assertThat(data.toArray(ValueLayout.JAVA_BYTE)).containsOnly(0);
    }

    @Test
    void should_round_half_to_even_as_ggml_nearest_int() {
        assertThat(KQuants.nearestInt(2.5f)).isEqualTo(2);
        assertThat(KQuants.nearestInt(3.5f)).isEqualTo(4);
        assertThat(KQuants.nearestInt(-2.5f)).isEqualTo(-2);
        assertThat(KQuants.nearestInt(-7.6f)).isEqualTo(-8);
    }

    @Test
    void should_refuse_a_range_that_cuts_a_block() {
        MemorySegment data = MemorySegment.ofArray(new byte[34 * 2]);
        assertThatThrownBy(() -> Q8_0Format.dequantize(data, 16, new float[32], 32))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Dequantizer.of(GgmlType.IQ2_XS)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void should_stay_within_half_a_step_when_quantized_and_dequantized() {
        var random = new SplittableRandom(3);
        float[] values = new float[256];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextDouble() * 2 - 1);
        }
        for (GgmlType type : new GgmlType[] {GgmlType.Q8_0, GgmlType.Q4_0, GgmlType.Q4_K, GgmlType.Q6_K,
            GgmlType.F16, GgmlType.BF16}) {
            MemorySegment data = MemorySegment.ofArray(new byte[(int) type.byteSize(256)]);
            Quantizer.of(type).quantize(values, 0, 256, data, 0);
            float[] out = new float[256];
            Dequantizer.of(type).dequantize(data, 0, out, 256);
            float step = switch (type) {
                case Q8_0 -> 1f / 127;
                case Q4_0 -> 1f / 8;
                case Q4_K -> 2f / 15; // range max - min over 15 levels, plus the 6-bit rounding of scale and min
                case Q6_K -> 1f / 32;
                default -> 1f / 128;
            };
            for (int i = 0; i < 256; i++) {
                assertThat(Math.abs(out[i] - values[i])).as("%s element %d", type, i).isLessThanOrEqualTo(step);
            }
        }
    }
}
