package dev.mnemos.inference.gguf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.IntRange;

/**
 * Drives the reader with mutated copies of real files: flipped bytes, truncations, and hostile values (huge, negative,
 * off by one) written over counts, lengths, dimensions, types and offsets. Every outcome must be a parsed file whose
 * tensors all lie inside it, or a {@link ModelFormatException}; anything else (an OutOfMemoryError, an
 * IndexOutOfBoundsException, a hang) fails.
 */
class GgufFuzzTest {

    private record Seed(String name, byte[] bytes, long headerEnd, List<Long> fields) {
    }

    private static final List<Seed> SEEDS = List.of(
            seed("stories260K.gguf", read(SharedModels.path("stories260K.gguf"))),
            seed("llama-2-tiny-random.gguf", read(SharedModels.path("llama-2-tiny-random.gguf"))),
            seed("ggml-vocab-llama-spm.gguf", read(SharedModels.path("ggml-vocab-llama-spm.gguf"))),
            seed("every-value-type.gguf", everyValueType()));

    private static final long[] HOSTILE = {
        -1L, Long.MAX_VALUE, Long.MIN_VALUE, 1L << 32, (1L << 32) - 1, 1L << 40, 0, 1, 5, 13, 31, 33, 0x7FFF_FFFFL,
    };

    @Property(tries = 1000)
    void should_parse_or_refuse_when_bytes_are_flipped(
            @ForAll @IntRange(min = 0, max = 3) int seedIndex, @ForAll long randomSeed) {
        Seed seed = SEEDS.get(seedIndex);
        var random = new SplittableRandom(randomSeed);
        byte[] bytes = seed.bytes().clone();
        int flips = 1 + random.nextInt(8);
        for (int i = 0; i < flips; i++) {
            // mostly in the header, where a flipped byte changes structure rather than a weight
            long limit = random.nextInt(4) > 0 ? seed.headerEnd() : bytes.length;
            bytes[(int) random.nextLong(limit)] ^= (byte) (1 + random.nextInt(255));
        }
        Statistics.collect(assertParsesOrRefuses(bytes));
    }

    @Property(tries = 200)
    void should_parse_or_refuse_when_truncated(
            @ForAll @IntRange(min = 0, max = 3) int seedIndex, @ForAll long randomSeed) {
        Seed seed = SEEDS.get(seedIndex);
        var random = new SplittableRandom(randomSeed);
        long limit = random.nextBoolean() ? seed.headerEnd() + 1 : seed.bytes().length;
        Statistics.collect(assertParsesOrRefuses(Arrays.copyOf(seed.bytes(), (int) random.nextLong(limit))));
    }

    @Property(tries = 1000)
    void should_parse_or_refuse_when_a_count_length_or_offset_is_hostile(
            @ForAll @IntRange(min = 0, max = 3) int seedIndex, @ForAll long randomSeed) {
        Seed seed = SEEDS.get(seedIndex);
        var random = new SplittableRandom(randomSeed);
        byte[] bytes = seed.bytes().clone();
        MemorySegment segment = MemorySegment.ofArray(bytes);
        long at = random.nextInt(3) > 0
                ? seed.fields().get(random.nextInt(seed.fields().size()))
                : random.nextLong(seed.headerEnd() - 8);
        long value = switch (random.nextInt(3)) {
            case 0 -> HOSTILE[random.nextInt(HOSTILE.length)];
            case 1 -> segment.get(GgufArray.LONG, at) + random.nextInt(-64, 65); // near the true value
            default -> random.nextLong(bytes.length * 2L);
        };
        if (random.nextBoolean()) {
            segment.set(GgufArray.LONG, at, value);
        } else {
            segment.set(GgufArray.INT, at, (int) value);
        }
        Statistics.collect(assertParsesOrRefuses(bytes));
    }

    /** @return what happened, for jqwik's statistics: {@code parsed} or {@code refused} */
    private static String assertParsesOrRefuses(byte[] bytes) {
        GgufFile file;
        try {
            file = GgufFile.parse(MemorySegment.ofArray(bytes));
        } catch (ModelFormatException refused) {
            assertThat(refused.offset()).isBetween(-1L, (long) bytes.length);
            if (refused.offset() >= 0) {
                assertThat(refused.getMessage()).contains("offset " + refused.offset());
            }
            return "refused";
        }
        for (GgufTensorInfo tensor : file.tensors()) {
            assertThat(file.tensorData(tensor).byteSize()).isEqualTo(tensor.byteSize());
        }
        file.metadata().asMap().values().forEach(GgufFuzzTest::touch);
        return "parsed";
    }

    /** Decodes a value completely, as a tokenizer or loader would. */
    private static void touch(GgufValue value) {
        if (value.value() instanceof GgufArray array) {
            touch(array);
        }
    }

    private static void touch(GgufArray array) {
        switch (array.elementType()) {
            case STRING -> array.toStringArray();
            case ARRAY -> {
                for (int i = 0; i < array.size(); i++) {
                    touch(array.arrayAt(i));
                }
            }
            case BOOL -> array.toBooleanArray();
            case FLOAT32, FLOAT64 -> array.toFloatArray();
            default -> array.toLongArray();
        }
    }

    /** Where the header's counts and lengths are: the two counts, and every tensor's name length to offset. */
    private static Seed seed(String name, byte[] bytes) {
        try (GgufFile file = GgufFile.parse(MemorySegment.ofArray(bytes))) {
            var fields = new ArrayList<Long>(List.of(8L, 16L));
            for (GgufTensorInfo tensor : file.tensors()) {
                byte[] tensorName = tensor.name().getBytes(StandardCharsets.UTF_8);
                long nameAt = indexOf(bytes, tensorName, (int) file.dataOffset());
                long at = nameAt - 8;
                fields.add(at); // name length
                at += 8 + tensorName.length;
                fields.add(at); // dimensions
                at += 4;
                for (int d = 0; d < tensor.dimensions(); d++) {
                    fields.add(at);
                    at += 8;
                }
                fields.add(at); // type
                fields.add(at + 4); // offset
            }
            for (String key : file.metadata().keys()) {
                long keyAt = indexOf(bytes, key.getBytes(StandardCharsets.UTF_8), (int) file.dataOffset());
                long valueAt = keyAt + key.getBytes(StandardCharsets.UTF_8).length;
                fields.add(keyAt - 8); // key length
                fields.add(valueAt); // value type
                if (file.metadata().get(key).type() == GgufValueType.ARRAY) {
                    fields.add(valueAt + 4); // element type
                    fields.add(valueAt + 8); // element count
                    fields.add(valueAt + 16); // first element, or the first string's length
                }
            }
            fields.removeIf(at -> at < 0 || at + 8 > bytes.length);
            // a file without tensors ends before its aligned data offset: the header is the whole file then
            return new Seed(name, bytes, Math.min(file.dataOffset(), bytes.length), List.copyOf(fields));
        }
    }

    private static long indexOf(byte[] haystack, byte[] needle, int end) {
        outer:
        for (int i = 0; i + needle.length <= end; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static byte[] everyValueType() {
        try {
            Path file = Files.createTempFile("every-value-type", ".gguf");
            try {
                new GgufWriter()
                        .put("u8", new GgufValue(GgufValueType.UINT8, (byte) 1))
                        .put("i16", new GgufValue(GgufValueType.INT16, (short) -2))
                        .putUint32("general.alignment", 64)
                        .put("f64", new GgufValue(GgufValueType.FLOAT64, 0.5))
                        .putBool("yes", true)
                        .putArray("bools", GgufArray.ofRawNumbers(GgufValueType.BOOL, new byte[] {0, 1, 1}))
                        .putArray("nested", GgufArray.ofArrays(List.of(GgufArray.ofStrings(List.of("a", "bc")),
                                GgufArray.ofArrays(List.of(GgufArray.ofInts(7, 8))))))
                        .putArray("floats", GgufArray.ofFloats(1, 2, 3))
                        .tensor("q8", GgmlType.Q8_0, new long[] {64, 2}, target -> { })
                        .tensor("q4k", GgmlType.Q4_K, new long[] {256}, target -> { })
                        .tensor("f16", GgmlType.F16, new long[] {3, 1, 2}, target -> { })
                        .write(file);
                return Files.readAllBytes(file);
            } finally {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(Path path) {
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
