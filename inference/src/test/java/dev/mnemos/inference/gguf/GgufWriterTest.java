package dev.mnemos.inference.gguf;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GgufWriterTest {

    @TempDir
    Path folder;

    @Test
    void should_read_back_every_value_type_when_written() throws Exception {
        GgufArray nested = GgufArray.ofArrays(List.of(GgufArray.ofInts(1, 2, 3), GgufArray.ofStrings(List.of("a", "β"))));
        var writer = new GgufWriter()
                .put("u8", new GgufValue(GgufValueType.UINT8, (byte) 200))
                .put("i8", new GgufValue(GgufValueType.INT8, (byte) -5))
                .put("u16", new GgufValue(GgufValueType.UINT16, (short) 60000))
                .put("i16", new GgufValue(GgufValueType.INT16, (short) -300))
                .putUint32("u32", -1)
                .put("i32", GgufValue.ofInt32(-7))
                .putFloat32("f32", 0.25f)
                .putBool("bool", true)
                .putString("string", "Grüße 👋")
                .put("u64", GgufValue.ofUint64(1L << 40))
                .put("i64", new GgufValue(GgufValueType.INT64, -(1L << 40)))
                .put("f64", new GgufValue(GgufValueType.FLOAT64, Math.PI))
                .putArray("floats", GgufArray.ofFloats(1.5f, -2f))
                .putArray("strings", GgufArray.ofStrings(List.of("", "x", "ẞ")))
                .putArray("nested", nested)
                .tensor("weights", GgmlType.F32, new long[] {3, 2}, target -> F32Format.quantize(
                        new float[] {1, 2, 3, 4, 5, 6}, 0, 6, target, 0))
                .tensor("quants", GgmlType.Q8_0, new long[] {64}, target -> Q8_0Format.quantize(
                        new float[64], 0, 64, target, 0));
        Path file = folder.resolve("values.gguf");
        writer.write(file);

        try (GgufFile gguf = GgufFile.open(file)) {
            GgufMetadata metadata = gguf.metadata();
            assertThat(gguf.version()).isEqualTo(3);
            assertThat(metadata.keys()).containsExactly("u8", "i8", "u16", "i16", "u32", "i32", "f32", "bool",
                    "string", "u64", "i64", "f64", "floats", "strings", "nested");
            assertThat(metadata.getInt("u8")).isEqualTo(200);
            assertThat(metadata.getInt("i8")).isEqualTo(-5);
            assertThat(metadata.getInt("u16")).isEqualTo(60000);
            assertThat(metadata.getInt("i16")).isEqualTo(-300);
            assertThat(metadata.getLong("u32")).isEqualTo(0xFFFF_FFFFL);
            assertThat(metadata.getInt("i32")).isEqualTo(-7);
            assertThat(metadata.getFloat("f32")).isEqualTo(0.25f);
            assertThat(metadata.getBoolean("bool")).isTrue();
            assertThat(metadata.getString("string")).isEqualTo("Grüße 👋");
            assertThat(metadata.getLong("u64")).isEqualTo(1L << 40);
            assertThat(metadata.getLong("i64")).isEqualTo(-(1L << 40));
            assertThat(metadata.findDouble("f64")).hasValue(Math.PI);
            assertThat(metadata.getFloatArray("floats")).containsExactly(1.5f, -2f);
            assertThat(metadata.getStringArray("strings")).containsExactly("", "x", "ẞ");
            assertThat(metadata.getArray("nested")).isEqualTo(nested);
            assertThat(metadata.getArray("nested").arrayAt(1).stringAt(1)).isEqualTo("β");

            assertThat(gguf.tensors()).extracting(GgufTensorInfo::name).containsExactly("weights", "quants");
            assertThat(gguf.tensor("quants").offset()).isEqualTo(32); // 24 bytes of weights, aligned to 32
            float[] weights = new float[6];
            F32Format.dequantize(gguf.tensorData(gguf.tensor("weights")), 0, weights, 6);
            assertThat(weights).containsExactly(1, 2, 3, 4, 5, 6);
            assertThat(gguf.dataOffset() % 32).isZero();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"stories260K.gguf", "llama-2-tiny-random.gguf", "ggml-vocab-llama-spm.gguf",
        "ggml-vocab-gpt-2.gguf"})
    void should_reproduce_a_file_byte_for_byte_when_copied(String name) throws Exception {
        Path copy = folder.resolve("copy.gguf");
        try (GgufFile original = GgufFile.open(SharedModels.path(name))) {
            var writer = new GgufWriter().putAll(original.metadata());
            for (GgufTensorInfo tensor : original.tensors()) {
                writer.tensor(tensor.name(), tensor.type(), tensor.shape(), original.tensorData(tensor));
            }
            writer.write(copy);
        }
        assertThat(Files.readAllBytes(copy)).isEqualTo(Files.readAllBytes(SharedModels.path(name)));
    }

    @Test
    void should_keep_metadata_and_tensor_bytes_when_a_file_is_rewritten() throws Exception {
        Path copy = folder.resolve("tiny.gguf");
        try (GgufFile original = GgufFile.open(SharedModels.path("llama-2-tiny-random.gguf"))) {
            var writer = new GgufWriter().putAll(original.metadata());
            for (GgufTensorInfo tensor : original.tensors()) {
                writer.tensor(tensor.name(), tensor.type(), tensor.shape(), original.tensorData(tensor));
            }
            writer.write(copy);
            try (GgufFile written = GgufFile.open(copy)) {
                assertThat(written.metadata()).isEqualTo(original.metadata());
                assertThat(written.tensors()).isEqualTo(original.tensors());
                for (GgufTensorInfo tensor : original.tensors()) {
                    MemorySegment bytes = written.tensorData(written.tensor(tensor.name()));
                    assertThat(bytes.mismatch(original.tensorData(tensor))).isEqualTo(-1);
                }
            }
        }
    }

    @Test
    void should_write_no_padding_when_there_are_no_tensors() throws Exception {
        Path file = folder.resolve("empty.gguf");
        new GgufWriter().putString("general.architecture", "llama").write(file);
        // magic, version, two counts, then one key of 20 bytes, its type and a string of 5
        assertThat(Files.size(file)).isEqualTo(4 + 4 + 8 + 8 + (8 + 20) + 4 + (8 + 5));
    }
}
