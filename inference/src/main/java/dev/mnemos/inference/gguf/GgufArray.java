package dev.mnemos.inference.gguf;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A GGUF metadata array. Numbers are kept as their raw little-endian bytes and strings as one block of UTF-8 with
 * start offsets, so that a vocabulary of 150k tokens is one copy out of the file, and a {@link String} is only made for
 * the element asked for. Nested arrays are kept as arrays of arrays. Immutable.
 */
public final class GgufArray {

    static final ValueLayout.OfShort SHORT = ValueLayout.JAVA_SHORT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfInt INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfLong LONG = ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfFloat FLOAT = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    static final ValueLayout.OfDouble DOUBLE = ValueLayout.JAVA_DOUBLE_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final GgufValueType elementType;
    private final int size;
    private final byte[] bytes; // numbers: size * elementType.byteSize() bytes; strings: the UTF-8 of all of them
    private final int[] stringStarts; // strings only: size + 1 offsets into bytes
    private final GgufArray[] arrays; // nested arrays only

    private GgufArray(GgufValueType elementType, int size, byte[] bytes, int[] stringStarts, GgufArray[] arrays) {
        this.elementType = elementType;
        this.size = size;
        this.bytes = bytes;
        this.stringStarts = stringStarts;
        this.arrays = arrays;
    }

    /** An array of fixed-size numbers or booleans from their little-endian bytes (not copied). */
    static GgufArray ofRawNumbers(GgufValueType elementType, byte[] littleEndian) {
        if (elementType.byteSize() == 0 || littleEndian.length % elementType.byteSize() != 0) {
            throw new IllegalArgumentException(littleEndian.length + " bytes are not an array of " + elementType);
        }
        return new GgufArray(elementType, littleEndian.length / elementType.byteSize(), littleEndian, null, null);
    }

    /** An array of strings from their concatenated UTF-8 and {@code size + 1} start offsets (neither copied). */
    static GgufArray ofRawStrings(byte[] utf8, int[] starts) {
        return new GgufArray(GgufValueType.STRING, starts.length - 1, utf8, starts, null);
    }

    public static GgufArray ofStrings(List<String> strings) {
        byte[][] encoded = new byte[strings.size()][];
        int[] starts = new int[strings.size() + 1];
        for (int i = 0; i < encoded.length; i++) {
            encoded[i] = strings.get(i).getBytes(StandardCharsets.UTF_8);
            starts[i + 1] = Math.addExact(starts[i], encoded[i].length);
        }
        byte[] utf8 = new byte[starts[encoded.length]];
        for (int i = 0; i < encoded.length; i++) {
            System.arraycopy(encoded[i], 0, utf8, starts[i], encoded[i].length);
        }
        return ofRawStrings(utf8, starts);
    }

    public static GgufArray ofFloats(float... values) {
        byte[] raw = new byte[values.length * 4];
        MemorySegment.copy(values, 0, MemorySegment.ofArray(raw), FLOAT, 0, values.length);
        return ofRawNumbers(GgufValueType.FLOAT32, raw);
    }

    /** An array of INT32, the type llama.cpp's converter writes for token types. */
    public static GgufArray ofInts(int... values) {
        return ofInts(GgufValueType.INT32, values);
    }

    /** An array of the given 32-bit integer type (INT32 or UINT32). */
    public static GgufArray ofInts(GgufValueType elementType, int... values) {
        if (elementType.byteSize() != 4 || !elementType.isInteger()) {
            throw new IllegalArgumentException(elementType + " is not a 32-bit integer type");
        }
        byte[] raw = new byte[values.length * 4];
        MemorySegment.copy(values, 0, MemorySegment.ofArray(raw), INT, 0, values.length);
        return ofRawNumbers(elementType, raw);
    }

    public static GgufArray ofArrays(List<GgufArray> arrays) {
        return new GgufArray(GgufValueType.ARRAY, arrays.size(), null, null, arrays.toArray(GgufArray[]::new));
    }

    public GgufValueType elementType() {
        return elementType;
    }

    public int size() {
        return size;
    }

    public String stringAt(int index) {
        requireType(GgufValueType.STRING);
        Objects.checkIndex(index, size);
        return new String(bytes, stringStarts[index], stringStarts[index + 1] - stringStarts[index],
                StandardCharsets.UTF_8);
    }

    /** The UTF-8 bytes of one string, without making a {@link String}. */
    public byte[] utf8At(int index) {
        requireType(GgufValueType.STRING);
        Objects.checkIndex(index, size);
        return Arrays.copyOfRange(bytes, stringStarts[index], stringStarts[index + 1]);
    }

    public String[] toStringArray() {
        String[] strings = new String[size];
        for (int i = 0; i < size; i++) {
            strings[i] = stringAt(i);
        }
        return strings;
    }

    /** The elements as floats; integers are converted, FLOAT64 is narrowed. */
    public float[] toFloatArray() {
        float[] values = new float[size];
        if (elementType == GgufValueType.FLOAT32) {
            MemorySegment.copy(MemorySegment.ofArray(bytes), FLOAT, 0, values, 0, size);
        } else {
            for (int i = 0; i < size; i++) {
                values[i] = (float) doubleAt(i);
            }
        }
        return values;
    }

    /**
     * The elements as ints, for integer types whose values fit (a UINT32 above {@code Integer.MAX_VALUE} does not).
     *
     * @throws IllegalStateException if the elements are not integers or one does not fit in an int
     */
    public int[] toIntArray() {
        int[] values = new int[size];
        if (elementType == GgufValueType.INT32) {
            MemorySegment.copy(MemorySegment.ofArray(bytes), INT, 0, values, 0, size);
            return values;
        }
        for (int i = 0; i < size; i++) {
            long value = longAt(i);
            if (value != (int) value) {
                throw new IllegalStateException("element " + i + " = " + value + " does not fit in an int");
            }
            values[i] = (int) value;
        }
        return values;
    }

    public long[] toLongArray() {
        long[] values = new long[size];
        for (int i = 0; i < size; i++) {
            values[i] = longAt(i);
        }
        return values;
    }

    public boolean[] toBooleanArray() {
        requireType(GgufValueType.BOOL);
        boolean[] values = new boolean[size];
        for (int i = 0; i < size; i++) {
            values[i] = bytes[i] != 0;
        }
        return values;
    }

    public GgufArray arrayAt(int index) {
        requireType(GgufValueType.ARRAY);
        return arrays[index];
    }

    /** One integer element, unsigned types read as unsigned. */
    public long longAt(int index) {
        Objects.checkIndex(index, size);
        MemorySegment raw = MemorySegment.ofArray(bytes);
        long at = (long) index * elementType.byteSize();
        return switch (elementType) {
            case UINT8 -> Byte.toUnsignedLong(bytes[index]);
            case INT8 -> bytes[index];
            case UINT16 -> Short.toUnsignedLong(raw.get(SHORT, at));
            case INT16 -> raw.get(SHORT, at);
            case UINT32 -> Integer.toUnsignedLong(raw.get(INT, at));
            case INT32 -> raw.get(INT, at);
            case UINT64, INT64 -> raw.get(LONG, at);
            default -> throw new IllegalStateException("an array of " + elementType + " has no integers");
        };
    }

    public double doubleAt(int index) {
        Objects.checkIndex(index, size);
        return switch (elementType) {
            case FLOAT32 -> MemorySegment.ofArray(bytes).get(FLOAT, index * 4L);
            case FLOAT64 -> MemorySegment.ofArray(bytes).get(DOUBLE, index * 8L);
            default -> longAt(index);
        };
    }

    /** The bytes as GGUF stores the elements after the array header: numbers only. */
    byte[] rawNumbers() {
        return bytes;
    }

    private void requireType(GgufValueType type) {
        if (elementType != type) {
            throw new IllegalStateException("an array of " + elementType + ", not of " + type);
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof GgufArray that
                && elementType == that.elementType
                && size == that.size
                && (elementType == GgufValueType.ARRAY
                        ? Arrays.equals(arrays, that.arrays)
                        : elementType == GgufValueType.STRING ? stringsEqual(that) : Arrays.equals(bytes, that.bytes));
    }

    private boolean stringsEqual(GgufArray that) {
        for (int i = 0; i < size; i++) {
            if (!Arrays.equals(bytes, stringStarts[i], stringStarts[i + 1],
                    that.bytes, that.stringStarts[i], that.stringStarts[i + 1])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return Objects.hash(elementType, size);
    }

    @Override
    public String toString() {
        return "GgufArray[" + elementType + " x " + size + "]";
    }
}
