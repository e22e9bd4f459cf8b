package dev.mnemos.inference.gguf;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the header, metadata and tensor directory of a GGUF file (gguf.cpp's {@code gguf_init_from_file_impl}) from
 * a segment, checking every count and length against the bytes that remain before it allocates anything, so that a
 * broken or hostile file ends in a {@link ModelFormatException} naming the offset, never in a huge allocation.
 */
final class GgufParser {

    static final int MAGIC = 0x46554747; // "GGUF" read as a little-endian int
    static final int DEFAULT_ALIGNMENT = 32;
    static final String ALIGNMENT_KEY = "general.alignment";
    static final int MAX_DIMENSIONS = 4; // GGML_MAX_DIMS
    private static final int MAX_ARRAY_NESTING = 8;
    private static final int MIN_KV_BYTES = 8 + 4 + 1; // key length, value type, smallest value
    private static final int MIN_TENSOR_INFO_BYTES = 8 + 4 + 4 + 8; // name length, dimensions, type, offset
    private static final int MAX_JAVA_ARRAY = Integer.MAX_VALUE - 8;

    private final MemorySegment file;
    private long position;

    private GgufParser(MemorySegment file) {
        this.file = file;
    }

    /** What the parser found: everything but the data itself. */
    record Header(int version, GgufMetadata metadata, List<GgufTensorInfo> tensors, int alignment, long dataOffset) {
    }

    static Header parse(MemorySegment file) {
        return new GgufParser(file).header();
    }

    private Header header() {
        int magic = readInt();
        if (magic != MAGIC) {
            throw new ModelFormatException(0, "not a GGUF file: magic 0x%08x, expected 0x%08x (\"GGUF\")"
                    .formatted(magic, MAGIC));
        }
        int version = readInt();
        if (version != 2 && version != 3) {
            String hint = version == 1 ? " (GGUF v1 is not supported)"
                    : Integer.reverseBytes(version) == 2 || Integer.reverseBytes(version) == 3
                            ? " (a big-endian GGUF file, which is not supported)" : "";
            throw new ModelFormatException(4, "unsupported GGUF version " + Integer.toUnsignedString(version) + hint);
        }
        long tensorCount = readCount("tensor count", MIN_TENSOR_INFO_BYTES);
        long kvCount = readCount("metadata key-value count", MIN_KV_BYTES);

        var values = new LinkedHashMap<String, GgufValue>();
        for (long i = 0; i < kvCount; i++) {
            long keyOffset = position;
            String key = readString("metadata key");
            int typeId = readInt();
            GgufValue value = readValue(GgufValueType.fromId(typeId, position - 4), 0);
            if (values.putIfAbsent(key, value) != null) {
                throw new ModelFormatException(keyOffset, "duplicate metadata key " + key);
            }
        }
        GgufMetadata metadata = new GgufMetadata(values);
        int alignment = alignment(metadata);

        var tensors = new ArrayList<GgufTensorInfo>((int) Math.min(tensorCount, 4096));
        var infoOffsets = new HashMap<String, Long>();
        for (long i = 0; i < tensorCount; i++) {
            long infoOffset = position;
            GgufTensorInfo tensor = readTensorInfo(alignment);
            if (infoOffsets.putIfAbsent(tensor.name(), infoOffset) != null) {
                throw new ModelFormatException(infoOffset, "duplicate tensor name " + tensor.name());
            }
            tensors.add(tensor);
        }
        long dataOffset = alignUp(position, alignment);
        checkTensorData(tensors, infoOffsets, dataOffset);
        return new Header(version, metadata, List.copyOf(tensors), alignment, dataOffset);
    }

    private static int alignment(GgufMetadata metadata) {
        GgufValue value = metadata.find(ALIGNMENT_KEY).orElse(null);
        if (value == null) {
            return DEFAULT_ALIGNMENT;
        }
        if (value.type() != GgufValueType.UINT32) {
            throw new ModelFormatException(ALIGNMENT_KEY + " is " + value.type() + ", expected UINT32");
        }
        int alignment = (Integer) value.value();
        if (alignment <= 0 || Integer.bitCount(alignment) != 1) {
            throw new ModelFormatException(ALIGNMENT_KEY + " = " + Integer.toUnsignedString(alignment)
                    + " is not a power of two");
        }
        return alignment;
    }

    private GgufTensorInfo readTensorInfo(int alignment) {
        String name = readString("tensor name");
        long dimensionsOffset = position;
        int dimensions = readInt();
        if (dimensions < 0 || dimensions > MAX_DIMENSIONS) {
            throw new ModelFormatException(dimensionsOffset, "tensor " + name + " has "
                    + Integer.toUnsignedString(dimensions) + " dimensions, at most " + MAX_DIMENSIONS + " allowed");
        }
        long[] shape = new long[dimensions];
        long elements = 1;
        for (int d = 0; d < dimensions; d++) {
            long at = position;
            shape[d] = readLong();
            if (shape[d] < 0) {
                throw new ModelFormatException(at, "tensor " + name + " has a negative dimension "
                        + Long.toUnsignedString(shape[d]));
            }
            try {
                elements = Math.multiplyExact(elements, shape[d]);
            } catch (ArithmeticException e) {
                throw new ModelFormatException(at, "tensor " + name + " has more elements than a long can count");
            }
        }
        long typeOffset = position;
        GgmlType type = GgmlType.fromId(readInt(), typeOffset);
        long rowLength = dimensions > 0 ? shape[0] : 1; // no dimensions: one element
        if (rowLength % type.blockSize() != 0) {
            throw new ModelFormatException(dimensionsOffset, "tensor " + name + " has rows of " + rowLength
                    + " elements, not a multiple of the " + type + " block size " + type.blockSize());
        }
        try {
            type.byteSize(elements);
        } catch (ArithmeticException e) {
            throw new ModelFormatException(dimensionsOffset, "tensor " + name + " is larger than a long can count");
        }
        long offsetOffset = position;
        long offset = readLong();
        if (offset < 0 || offset % alignment != 0) {
            throw new ModelFormatException(offsetOffset, "tensor " + name + " has offset "
                    + Long.toUnsignedString(offset) + ", not a multiple of the alignment " + alignment);
        }
        return new GgufTensorInfo(name, type, shape, offset);
    }

    private void checkTensorData(List<GgufTensorInfo> tensors, Map<String, Long> infoOffsets, long dataOffset) {
        if (tensors.isEmpty()) {
            return;
        }
        long dataSize = file.byteSize() - dataOffset;
        if (dataSize < 0) {
            throw new ModelFormatException(file.byteSize(), "the file ends before its data section at " + dataOffset);
        }
        var byOffset = new ArrayList<>(tensors);
        byOffset.sort(Comparator.comparingLong(GgufTensorInfo::offset));
        GgufTensorInfo previous = null;
        for (GgufTensorInfo tensor : byOffset) {
            long infoOffset = infoOffsets.get(tensor.name());
            long size = tensor.byteSize();
            if (tensor.offset() > dataSize || size > dataSize - tensor.offset()) {
                throw new ModelFormatException(infoOffset, "tensor " + tensor.name() + " ends at byte "
                        + (dataOffset + tensor.offset()) + " + " + size + ", past the end of the file at "
                        + file.byteSize());
            }
            if (previous != null && previous.offset() + previous.byteSize() > tensor.offset()) {
                throw new ModelFormatException(infoOffset, "tensor " + tensor.name() + " at data offset "
                        + tensor.offset() + " overlaps tensor " + previous.name());
            }
            previous = tensor;
        }
    }

    private GgufValue readValue(GgufValueType type, int nesting) {
        Object value = switch (type) {
            case UINT8, INT8 -> readByte();
            case UINT16, INT16 -> readShort();
            case UINT32, INT32 -> readInt();
            case UINT64, INT64 -> readLong();
            case FLOAT32 -> Float.intBitsToFloat(readInt());
            case FLOAT64 -> Double.longBitsToDouble(readLong());
            case BOOL -> readBoolean();
            case STRING -> readString("string value");
            case ARRAY -> readArray(nesting);
        };
        return new GgufValue(type, value);
    }

    private boolean readBoolean() {
        long at = position;
        byte b = readByte();
        if (b != 0 && b != 1) {
            throw new ModelFormatException(at, "boolean value " + b + " is neither 0 nor 1");
        }
        return b == 1;
    }

    private GgufArray readArray(int nesting) {
        long at = position;
        if (nesting >= MAX_ARRAY_NESTING) {
            throw new ModelFormatException(at, "arrays nested deeper than " + MAX_ARRAY_NESTING);
        }
        GgufValueType elementType = GgufValueType.fromId(readInt(), at);
        long count = readCount("array length", elementType.minimumByteSize());
        return switch (elementType) {
            case STRING -> readStrings(count);
            case ARRAY -> {
                var arrays = new ArrayList<GgufArray>((int) Math.min(count, 1024));
                for (long i = 0; i < count; i++) {
                    arrays.add(readArray(nesting + 1));
                }
                yield GgufArray.ofArrays(arrays);
            }
            default -> {
                long bytes = count * elementType.byteSize(); // readCount bounds it by the file size
                if (bytes > MAX_JAVA_ARRAY) {
                    throw new ModelFormatException(at, "an array of " + bytes + " bytes is too large");
                }
                byte[] raw = new byte[(int) bytes];
                MemorySegment.copy(file, ValueLayout.JAVA_BYTE, position, raw, 0, raw.length);
                position += bytes;
                if (elementType == GgufValueType.BOOL) {
                    checkBooleans(raw, position - bytes);
                }
                yield GgufArray.ofRawNumbers(elementType, raw);
            }
        };
    }

    private static void checkBooleans(byte[] raw, long start) {
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] != 0 && raw[i] != 1) {
                throw new ModelFormatException(start + i, "boolean value " + raw[i] + " is neither 0 nor 1");
            }
        }
    }

    /** Two passes: the first checks every length and sums them, the second copies the UTF-8 into one array. */
    private GgufArray readStrings(long count) {
        long start = position;
        int[] starts = new int[(int) Math.min(count, 1 << 16) + 1];
        long total = 0;
        for (long i = 0; i < count; i++) {
            long length = readLength("string in an array");
            total += length;
            if (total > MAX_JAVA_ARRAY) {
                throw new ModelFormatException(position - 8, "an array of strings of more than "
                        + MAX_JAVA_ARRAY + " bytes is too large");
            }
            position += length;
            if (i + 1 >= starts.length) {
                starts = Arrays.copyOf(starts, (int) Math.min(count + 1, (long) starts.length * 2));
            }
            starts[(int) i + 1] = (int) total;
        }
        byte[] utf8 = new byte[(int) total];
        long at = start;
        for (int i = 0; i < count; i++) {
            int length = starts[i + 1] - starts[i];
            MemorySegment.copy(file, ValueLayout.JAVA_BYTE, at + 8, utf8, starts[i], length);
            at += 8 + length;
        }
        return GgufArray.ofRawStrings(utf8, starts);
    }

    private String readString(String what) {
        long length = readLength(what);
        byte[] utf8 = new byte[(int) length];
        MemorySegment.copy(file, ValueLayout.JAVA_BYTE, position, utf8, 0, utf8.length);
        position += length;
        return new String(utf8, StandardCharsets.UTF_8);
    }

    /** A string length, checked against the bytes that remain. */
    private long readLength(String what) {
        long at = position;
        long length = readLong();
        if (length < 0 || length > remaining() || length > MAX_JAVA_ARRAY) {
            throw new ModelFormatException(at, what + " of length " + Long.toUnsignedString(length)
                    + " is longer than the " + remaining() + " bytes left in the file");
        }
        return length;
    }

    /** A count of items that take at least {@code minimumBytes} each, checked against the bytes that remain. */
    private long readCount(String what, int minimumBytes) {
        long at = position;
        long count = readLong();
        if (count < 0 || (minimumBytes > 0 && count > remaining() / minimumBytes)) {
            throw new ModelFormatException(at, what + " " + Long.toUnsignedString(count)
                    + " is larger than the " + remaining() + " bytes left in the file can hold");
        }
        return count;
    }

    private long remaining() {
        return file.byteSize() - position;
    }

    private void require(int bytes) {
        if (remaining() < bytes) {
            throw new ModelFormatException(position, "the file ends in the middle of a value: " + bytes
                    + " bytes needed, " + remaining() + " left");
        }
    }

    private byte readByte() {
        require(1);
        return file.get(ValueLayout.JAVA_BYTE, position++);
    }

    private short readShort() {
        require(2);
        short value = file.get(GgufArray.SHORT, position);
        position += 2;
        return value;
    }

    private int readInt() {
        require(4);
        int value = file.get(GgufArray.INT, position);
        position += 4;
        return value;
    }

    private long readLong() {
        require(8);
        long value = file.get(GgufArray.LONG, position);
        position += 8;
        return value;
    }

    static long alignUp(long offset, int alignment) {
        return (offset + alignment - 1) & -(long) alignment;
    }
}
