package dev.mnemos.inference.gguf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GgufFileTest {

    @Test
    void should_read_the_shape_and_tensors_of_stories260K() throws Exception {
        try (GgufFile model = GgufFile.open(SharedModels.path("stories260K.gguf"))) {
            GgufMetadata metadata = model.metadata();
            assertThat(model.version()).isEqualTo(3);
            assertThat(metadata.getString("general.architecture")).isEqualTo("llama");
            assertThat(metadata.getInt("llama.block_count")).isEqualTo(5);
            assertThat(metadata.getInt("llama.embedding_length")).isEqualTo(64);
            assertThat(metadata.getInt("llama.attention.head_count")).isEqualTo(8);
            assertThat(metadata.getInt("llama.attention.head_count_kv")).isEqualTo(4);
            assertThat(metadata.getInt("llama.feed_forward_length")).isEqualTo(172);
            assertThat(metadata.getInt("llama.context_length")).isEqualTo(2048);
            assertThat(metadata.getInt("llama.rope.dimension_count")).isEqualTo(8);
            assertThat(metadata.getFloat("llama.attention.layer_norm_rms_epsilon")).isEqualTo(1e-5f);
            assertThat(metadata.findDouble("llama.rope.freq_base")).isEmpty();
            assertThat(metadata.getStringArray("tokenizer.ggml.tokens")).hasSize(512).startsWith("<unk>", "<s>", "</s>");
            assertThat(metadata.getFloatArray("tokenizer.ggml.scores")).hasSize(512);
            assertThat(metadata.getIntArray("tokenizer.ggml.token_type")).hasSize(512);
            assertThat(metadata.getLong("tokenizer.ggml.padding_token_id")).isEqualTo(0xFFFF_FFFFL);

            assertThat(model.tensors()).hasSize(48).allMatch(tensor -> tensor.type() == GgmlType.F32);
            long parameters = model.tensors().stream().mapToLong(GgufTensorInfo::elementCount).sum();
            assertThat(parameters).isEqualTo(292_800);
            GgufTensorInfo embedding = model.tensor("token_embd.weight");
            assertThat(embedding.shape()).containsExactly(64, 512);
            assertThat(model.tensor("blk.0.attn_k.weight").shape()).containsExactly(64, 32);
            assertThat(model.tensor("blk.4.ffn_down.weight").shape()).containsExactly(172, 64);
        }
    }

    @Test
    void should_slice_tensor_data_out_of_the_mapping_when_asked_for_a_tensor() throws Exception {
        try (GgufFile model = GgufFile.open(SharedModels.path("stories260K.gguf"))) {
            MemorySegment embedding = model.tensorData(model.tensor("token_embd.weight"));
            MemorySegment output = model.tensorData(model.tensor("output.weight"));
            assertThat(embedding.byteSize()).isEqualTo(64 * 512 * 4);
            assertThat(embedding.isMapped()).isTrue();
            assertThat(embedding.isReadOnly()).isTrue();
            // The README says output.weight is a byte-identical copy of token_embd.weight.
            assertThat(embedding.mismatch(output)).isEqualTo(-1);
            assertThat(embedding.address() - model.segment().address())
                    .isEqualTo(model.dataOffset() + model.tensor("token_embd.weight").offset());
        }
    }

    @Test
    void should_read_f16_and_f32_tensors_of_llama_2_tiny_random() throws Exception {
        try (GgufFile model = GgufFile.open(SharedModels.path("llama-2-tiny-random.gguf"))) {
            GgufMetadata metadata = model.metadata();
            assertThat(metadata.getString("general.name")).isEqualTo("LLaMA v2");
            assertThat(metadata.getInt("general.file_type")).isEqualTo(1);
            assertThat(metadata.getInt("llama.embedding_length")).isEqualTo(8);
            assertThat(metadata.getInt("llama.block_count")).isEqualTo(1);
            assertThat(metadata.getInt("llama.attention.head_count")).isEqualTo(2);
            assertThat(metadata.getInt("llama.feed_forward_length")).isEqualTo(32);
            assertThat(metadata.getInt("llama.context_length")).isEqualTo(4096);
            assertThat(metadata.getStringArray("tokenizer.ggml.tokens")).hasSize(32000);
            assertThat(model.tensors()).hasSize(12);
            assertThat(model.tensors().stream().mapToLong(GgufTensorInfo::elementCount).sum()).isEqualTo(513_048);
            assertThat(model.tensor("token_embd.weight").type()).isEqualTo(GgmlType.F16);
            assertThat(model.tensor("token_embd.weight").shape()).containsExactly(8, 32000);
            assertThat(model.tensor("output_norm.weight").type()).isEqualTo(GgmlType.F32);
            assertThat(model.tensorData(model.tensor("output.weight")).byteSize()).isEqualTo(8 * 32000 * 2);
        }
    }

    @ParameterizedTest
    @CsvSource({
        "ggml-vocab-llama-spm.gguf, llama, llama, 32000, 0",
        "ggml-vocab-gpt-2.gguf, gpt2, gpt2, 50257, 50000",
        "ggml-vocab-llama-bpe.gguf, llama, gpt2, 128256, 280147",
        "ggml-vocab-qwen2.gguf, qwen2, gpt2, 151669, 151387",
    })
    void should_read_the_vocabulary_when_the_file_is_vocab_only(
            String file, String architecture, String model, int tokens, int merges) throws Exception {
        try (GgufFile vocab = GgufFile.open(SharedModels.path(file))) {
            GgufMetadata metadata = vocab.metadata();
            assertThat(vocab.tensors()).isEmpty();
            assertThat(metadata.getString("general.architecture")).isEqualTo(architecture);
            assertThat(metadata.getString("tokenizer.ggml.model")).isEqualTo(model);
            assertThat(metadata.getArray("tokenizer.ggml.tokens").size()).isEqualTo(tokens);
            assertThat(metadata.getIntArray("tokenizer.ggml.token_type")).hasSize(tokens);
            assertThat(metadata.findArray("tokenizer.ggml.merges").map(GgufArray::size).orElse(0)).isEqualTo(merges);
        }
    }

    @Test
    void should_open_a_vocabulary_of_150k_tokens_and_merges_quickly() throws Exception {
        GgufFile.open(SharedModels.path("ggml-vocab-qwen2.gguf")).close(); // warm up
        long start = System.nanoTime();
        try (GgufFile vocab = GgufFile.open(SharedModels.path("ggml-vocab-qwen2.gguf"))) {
            assertThat(vocab.metadata().getArray("tokenizer.ggml.merges").size()).isEqualTo(151387);
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(millis).as("%d ms", millis).isLessThan(2000); // about 50 ms on an idle machine
    }

    @Test
    void should_decode_tokens_of_a_large_vocabulary_when_asked() throws Exception {
        try (GgufFile vocab = GgufFile.open(SharedModels.path("ggml-vocab-qwen2.gguf"))) {
            GgufArray tokens = vocab.metadata().getArray("tokenizer.ggml.tokens");
            assertThat(tokens.stringAt(151657)).isEqualTo("<tool_call>");
            assertThat(tokens.stringAt(151645)).isEqualTo("<|im_end|>");
            assertThat(vocab.metadata().getInt("tokenizer.ggml.eos_token_id")).isEqualTo(151645);
            assertThat(vocab.metadata().getBoolean("tokenizer.ggml.add_bos_token")).isFalse();
        }
    }

    @Test
    void should_fail_with_the_offset_when_the_magic_is_wrong() {
        MemorySegment bytes = MemorySegment.ofArray("GGML\3\0\0\0".getBytes());
        assertThatThrownBy(() -> GgufFile.parse(bytes))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("not a GGUF file")
                .hasMessageContaining("offset 0");
    }

    @Test
    void should_read_a_version_2_file_as_version_3() throws Exception {
        // v2 and v3 lay out the same bytes (v3 only allowed big-endian files); stories260K relabelled as v2
        byte[] bytes = Files.readAllBytes(SharedModels.path("stories260K.gguf"));
        MemorySegment.ofArray(bytes).set(GgufArray.INT, 4, 2);
        GgufFile v2 = GgufFile.parse(MemorySegment.ofArray(bytes));
        assertThat(v2.version()).isEqualTo(2);
        assertThat(v2.tensors()).hasSize(48);
        assertThat(v2.metadata().getInt("llama.block_count")).isEqualTo(5);
    }

    @Test
    void should_name_big_endian_files_when_refusing_them() {
        MemorySegment bytes = header(Integer.reverseBytes(3), 0, 0);
        assertThatThrownBy(() -> GgufFile.parse(bytes))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("big-endian");
    }

    @Test
    void should_fail_when_the_version_is_1() {
        MemorySegment bytes = MemorySegment.ofArray("GGUF\1\0\0\0".getBytes());
        assertThatThrownBy(() -> GgufFile.parse(bytes))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("unsupported GGUF version 1")
                .hasMessageContaining("offset 4");
    }

    @Test
    void should_fail_with_the_offset_when_the_tensor_count_is_absurd() {
        MemorySegment bytes = header(3, Long.MAX_VALUE / 2, 0);
        assertThatThrownBy(() -> GgufFile.parse(bytes))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("tensor count")
                .extracting(e -> ((ModelFormatException) e).offset()).isEqualTo(8L);
    }

    @Test
    void should_fail_with_the_offset_when_the_kv_count_is_absurd() {
        MemorySegment bytes = header(2, 0, -1);
        assertThatThrownBy(() -> GgufFile.parse(bytes))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("metadata key-value count 18446744073709551615")
                .extracting(e -> ((ModelFormatException) e).offset()).isEqualTo(16L);
    }

    @Test
    void should_fail_when_the_file_is_truncated_inside_the_header() {
        MemorySegment bytes = MemorySegment.ofArray("GGUF\3\0\0\0\0\0".getBytes());
        assertThatThrownBy(() -> GgufFile.parse(bytes))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("the file ends")
                .extracting(e -> ((ModelFormatException) e).offset()).isEqualTo(8L);
    }

    private static MemorySegment header(int version, long tensorCount, long kvCount) {
        MemorySegment bytes = MemorySegment.ofArray(new byte[64]);
        var order = ByteOrder.LITTLE_ENDIAN;
        bytes.set(ValueLayout.JAVA_INT_UNALIGNED.withOrder(order), 0, 0x46554747);
        bytes.set(ValueLayout.JAVA_INT_UNALIGNED.withOrder(order), 4, version);
        bytes.set(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(order), 8, tensorCount);
        bytes.set(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(order), 16, kvCount);
        return bytes;
    }
}
