package dev.mnemos.inference.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RandomModelTest {

    @TempDir
    Path folder;

    @Test
    void should_write_a_qwen2_model_with_biases_and_the_copied_tokenizer() throws Exception {
        Path file = folder.resolve("qwen2.gguf");
        try (GgufFile vocab = GgufFile.open(SharedModels.path("ggml-vocab-llama-spm.gguf"))) {
            RandomModel.builder().architecture("qwen2").embeddingLength(64).blockCount(2).headCount(4)
                    .headCountKv(2).feedForwardLength(96).contextLength(256).tokenizer(vocab.metadata())
                    .weightType(GgmlType.Q8_0).seed(1).build().write(file);
            try (GgufFile model = GgufFile.open(file)) {
                GgufMetadata metadata = model.metadata();
                assertThat(metadata.getString("general.architecture")).isEqualTo("qwen2");
                assertThat(metadata.getInt("qwen2.embedding_length")).isEqualTo(64);
                assertThat(metadata.getInt("qwen2.attention.head_count_kv")).isEqualTo(2);
                assertThat(metadata.getInt("qwen2.rope.dimension_count")).isEqualTo(16);
                assertThat(metadata.getInt("general.file_type")).isEqualTo(7);
                assertThat(metadata.getStringArray("tokenizer.ggml.tokens"))
                        .isEqualTo(vocab.metadata().getStringArray("tokenizer.ggml.tokens"));
                assertThat(metadata.getString("tokenizer.ggml.model")).isEqualTo("llama");
                assertThat(model.tensor("token_embd.weight").shape()).containsExactly(64, 32000);
                assertThat(model.tensor("token_embd.weight").type()).isEqualTo(GgmlType.Q8_0);
                assertThat(model.tensor("blk.1.attn_k.weight").shape()).containsExactly(64, 32);
                assertThat(model.tensor("blk.1.attn_k.bias").shape()).containsExactly(32);
                assertThat(model.tensor("blk.1.attn_k.bias").type()).isEqualTo(GgmlType.F32);
                assertThat(model.tensor("blk.0.ffn_down.weight").shape()).containsExactly(96, 64);
                assertThat(model.tensor("output.weight").type()).isEqualTo(GgmlType.Q8_0);
                assertThat(model.tensors()).hasSize(1 + 2 * 12 + 2);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"F32", "F16", "BF16", "Q8_0", "Q4_0"})
    void should_store_the_same_seeded_weights_in_every_type(GgmlType type) throws Exception {
        Path reference = folder.resolve("f32.gguf");
        Path quantized = folder.resolve(type + ".gguf");
        RandomModel.Builder builder = RandomModel.builder().embeddingLength(32).blockCount(1).headCount(2)
                .feedForwardLength(64).vocabularySize(10).tiedEmbeddings(true).seed(5);
        builder.build().write(reference);
        builder.weightType(type).build().write(quantized);
        try (GgufFile f32 = GgufFile.open(reference); GgufFile model = GgufFile.open(quantized)) {
            assertThat(model.findTensor("output.weight")).isEmpty();
            GgufTensorInfo wq = model.tensor("blk.0.attn_q.weight");
            assertThat(wq.type()).isEqualTo(type);
            float[] expected = new float[32 * 32];
            float[] actual = new float[32 * 32];
            F32Format.dequantize(f32.tensorData(f32.tensor(wq.name())), 0, expected, expected.length);
            Dequantizer.of(type).dequantize(model.tensorData(wq), 0, actual, actual.length);
            float range = (float) (1 / Math.sqrt(32));
            float tolerance = type == GgmlType.F32 ? 0 : type == GgmlType.Q4_0 ? range / 8 : range / 100;
            for (int i = 0; i < actual.length; i++) {
                assertThat(Math.abs(actual[i] - expected[i])).isLessThanOrEqualTo(tolerance);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = GgmlType.class, names = {"Q4_K", "Q6_K"})
    void should_store_k_quant_matrices_and_fall_back_where_rows_are_short(GgmlType type) throws Exception {
        Path reference = folder.resolve("f32.gguf");
        Path file = folder.resolve(type + ".gguf");
        RandomModel.Builder builder = RandomModel.builder().embeddingLength(256).blockCount(1).headCount(4)
                .feedForwardLength(96).vocabularySize(8).seed(2);
        builder.build().write(reference);
        builder.weightType(type).build().write(file);
        try (GgufFile f32 = GgufFile.open(reference); GgufFile model = GgufFile.open(file)) {
            GgufTensorInfo wq = model.tensor("blk.0.attn_q.weight");
            assertThat(wq.type()).isEqualTo(type);
            assertThat(model.tensor("blk.0.ffn_down.weight").type()).isEqualTo(GgmlType.Q8_0); // rows of 96
            float[] expected = new float[256 * 256];
            float[] actual = new float[256 * 256];
            F32Format.dequantize(f32.tensorData(f32.tensor(wq.name())), 0, expected, expected.length);
            Dequantizer.of(type).dequantize(model.tensorData(wq), 0, actual, actual.length);
            float range = 1f / 16; // 1 / sqrt(256)
            float tolerance = type == GgmlType.Q4_K ? range / 8 : range / 32; // about one level of 4 and 6 bits
            for (int i = 0; i < actual.length; i++) {
                assertThat(Math.abs(actual[i] - expected[i])).as("element %d", i).isLessThanOrEqualTo(tolerance);
            }
        }
    }

    @Test
    void should_write_identical_files_when_the_seed_is_the_same() throws Exception {
        RandomModel model = RandomModel.builder().embeddingLength(32).blockCount(2).headCount(4).headCountKv(2)
                .feedForwardLength(64).vocabularySize(50).weightType(GgmlType.Q4_0).seed(9).build();
        model.write(folder.resolve("a.gguf"));
        model.write(folder.resolve("b.gguf"));
        assertThat(Files.readAllBytes(folder.resolve("a.gguf"))).isEqualTo(Files.readAllBytes(folder.resolve("b.gguf")));
        assertThat(model.parameterCount()).isEqualTo(50 * 32 + 2 * (32 + 32 * 32 + 2 * 32 * 16 + 32 * 32 + 32
                + 3 * 32 * 64) + 32 + 32 * 50);
    }

    @Test
    void should_refuse_an_unknown_architecture() {
        assertThatThrownBy(() -> RandomModel.builder().architecture("mamba").embeddingLength(8).blockCount(1)
                        .headCount(1).feedForwardLength(8).vocabularySize(8).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mamba");
    }
}
