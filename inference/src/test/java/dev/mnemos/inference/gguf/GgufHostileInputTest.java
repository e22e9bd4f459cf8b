package dev.mnemos.inference.gguf;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Broken tensor directories: each fails with a message that names what is wrong and where. */
class GgufHostileInputTest {

    @TempDir
    Path folder;

    private byte[] bytes;
    private long secondTensorType; // file offsets of the second tensor's type and data offset
    private long secondTensorOffset;

    @BeforeEach
    void write_two_tensors() throws Exception {
        Path file = folder.resolve("two.gguf");
        new GgufWriter()
                .putString("general.architecture", "llama")
                .tensor("a", GgmlType.F32, new long[] {8}, target -> { })
                .tensor("b", GgmlType.F32, new long[] {8}, target -> { })
                .write(file);
        bytes = Files.readAllBytes(file);
        // header 24 + kv (8 + 20 + 4 + 8 + 5) = 69; tensor a: 8 + 1 + 4 + 8 + 4 + 8 = 33; tensor b starts at 102
        long b = 69 + 33;
        secondTensorType = b + 8 + 1 + 4 + 8;
        secondTensorOffset = secondTensorType + 4;
        GgufFile.parse(MemorySegment.ofArray(bytes)).tensor("b"); // the layout above is right
    }

    @Test
    void should_name_the_id_when_a_tensor_type_is_unknown() {
        MemorySegment.ofArray(bytes).set(GgufArray.INT, secondTensorType, 4); // Q4_2, removed from ggml
        assertThatThrownBy(() -> GgufFile.parse(MemorySegment.ofArray(bytes)))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("unknown ggml type id 4")
                .hasMessageContaining("offset " + secondTensorType);
    }

    @Test
    void should_refuse_a_quantized_tensor_without_dimensions() {
        // found by the fuzz test: zero dimensions make one element, which is no whole Q4_1 block
        MemorySegment segment = MemorySegment.ofArray(bytes);
        segment.set(GgufArray.INT, secondTensorType - 8 - 4, 0); // dimensions of tensor b: none
        byte[] shorter = new byte[bytes.length - 8];
        MemorySegment.copy(segment, 0, MemorySegment.ofArray(shorter), 0, secondTensorType - 8);
        MemorySegment.copy(segment, secondTensorType, MemorySegment.ofArray(shorter), secondTensorType - 8,
                bytes.length - secondTensorType);
        MemorySegment.ofArray(shorter).set(GgufArray.INT, secondTensorType - 8, GgmlType.Q4_1.id());
        assertThatThrownBy(() -> GgufFile.parse(MemorySegment.ofArray(shorter)))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("rows of 1 elements, not a multiple of the Q4_1 block size 32");
    }

    @Test
    void should_refuse_a_tensor_offset_that_is_not_aligned() {
        MemorySegment.ofArray(bytes).set(GgufArray.LONG, secondTensorOffset, 16L);
        assertThatThrownBy(() -> GgufFile.parse(MemorySegment.ofArray(bytes)))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("not a multiple of the alignment 32")
                .hasMessageContaining("offset " + secondTensorOffset);
    }

    @Test
    void should_refuse_tensors_that_overlap() {
        MemorySegment.ofArray(bytes).set(GgufArray.LONG, secondTensorOffset, 0L);
        assertThatThrownBy(() -> GgufFile.parse(MemorySegment.ofArray(bytes)))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("overlaps tensor");
    }

    @Test
    void should_refuse_a_tensor_that_ends_past_the_file() {
        MemorySegment.ofArray(bytes).set(GgufArray.LONG, secondTensorOffset, 1L << 40);
        assertThatThrownBy(() -> GgufFile.parse(MemorySegment.ofArray(bytes)))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("past the end of the file");
    }

    @Test
    void should_refuse_a_string_longer_than_the_file() {
        MemorySegment.ofArray(bytes).set(GgufArray.LONG, 24, Long.MAX_VALUE); // the first key's length
        assertThatThrownBy(() -> GgufFile.parse(MemorySegment.ofArray(bytes)))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("metadata key of length 9223372036854775807")
                .hasMessageContaining("offset 24");
    }

    @Test
    void should_refuse_to_open_a_truncated_file() throws Exception {
        Path truncated = folder.resolve("truncated.gguf");
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length - 1));
        assertThatThrownBy(() -> GgufFile.open(truncated))
                .isInstanceOf(ModelFormatException.class)
                .hasMessageContaining("tensor b ends at byte");
    }
}
