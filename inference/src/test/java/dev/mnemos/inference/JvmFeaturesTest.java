package dev.mnemos.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

/** The inference core needs the Vector API and memory-mapped files; both must be enabled in every JVM. */
class JvmFeaturesTest {

    @Test
    void should_have_the_vector_api() {
        var species = FloatVector.SPECIES_PREFERRED;
        float[] ones = new float[species.length()];
        java.util.Arrays.fill(ones, 1f);
        float sum = FloatVector.fromArray(species, ones, 0).reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
        assertThat(sum).isEqualTo(species.length());
    }

    @Test
    void should_map_a_gguf_file_in_place() throws Exception {
        Path model = Path.of(System.getProperty("mnemos.shared.models", "../../shared/models"), "stories260K.gguf");
        try (var channel = FileChannel.open(model, StandardOpenOption.READ); var arena = Arena.ofConfined()) {
            MemorySegment file = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size(), arena);
            int magic = file.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN), 0);
            int version = file.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(java.nio.ByteOrder.LITTLE_ENDIAN), 4);
            assertThat(magic).isEqualTo(0x46554747); // "GGUF" read as a little-endian int
            assertThat(version).isEqualTo(3);
            assertThat(file.byteSize()).isEqualTo(1_185_376L);
        }
    }
}
