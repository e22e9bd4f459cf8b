package dev.mnemos.inference.gguf;

import java.util.Objects;

/**
 * One metadata value with its GGUF type. The Java class of {@code value} follows the type's width, signed or not:
 * {@link Byte} for UINT8/INT8, {@link Short} for UINT16/INT16, {@link Integer} for UINT32/INT32, {@link Long} for
 * UINT64/INT64 (unsigned ones hold the raw bits), {@link Float}, {@link Double}, {@link Boolean}, {@link String} and
 * {@link GgufArray}.
 */
public record GgufValue(GgufValueType type, Object value) {

    public GgufValue {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
        Class<?> expected = javaClass(type);
        if (!expected.isInstance(value)) {
            throw new IllegalArgumentException(
                    type + " needs a " + expected.getSimpleName() + ", not a " + value.getClass().getSimpleName());
        }
    }

    static Class<?> javaClass(GgufValueType type) {
        return switch (type) {
            case UINT8, INT8 -> Byte.class;
            case UINT16, INT16 -> Short.class;
            case UINT32, INT32 -> Integer.class;
            case UINT64, INT64 -> Long.class;
            case FLOAT32 -> Float.class;
            case FLOAT64 -> Double.class;
            case BOOL -> Boolean.class;
            case STRING -> String.class;
            case ARRAY -> GgufArray.class;
        };
    }

    public static GgufValue ofString(String value) {
        return new GgufValue(GgufValueType.STRING, value);
    }

    public static GgufValue ofUint32(int value) {
        return new GgufValue(GgufValueType.UINT32, value);
    }

    public static GgufValue ofInt32(int value) {
        return new GgufValue(GgufValueType.INT32, value);
    }

    public static GgufValue ofUint64(long value) {
        return new GgufValue(GgufValueType.UINT64, value);
    }

    public static GgufValue ofFloat32(float value) {
        return new GgufValue(GgufValueType.FLOAT32, value);
    }

    public static GgufValue ofBool(boolean value) {
        return new GgufValue(GgufValueType.BOOL, value);
    }

    public static GgufValue ofArray(GgufArray value) {
        return new GgufValue(GgufValueType.ARRAY, value);
    }

    /** The value as a long, for any integer type (unsigned types are read as unsigned). */
    public long asLong() {
        return switch (type) {
            case UINT8 -> Byte.toUnsignedLong((Byte) value);
            case UINT16 -> Short.toUnsignedLong((Short) value);
            case UINT32 -> Integer.toUnsignedLong((Integer) value);
            case INT8, INT16, INT32, INT64, UINT64 -> ((Number) value).longValue();
            default -> throw new IllegalStateException(type + " is not an integer");
        };
    }

    /** The value as a double, for any number type. */
    public double asDouble() {
        return type.isInteger() ? (double) asLong() : switch (type) {
            case FLOAT32, FLOAT64 -> ((Number) value).doubleValue();
            default -> throw new IllegalStateException(type + " is not a number");
        };
    }
}
