package dev.mnemos.inference.gguf;

/**
 * The type of a GGUF metadata value (gguf.h {@code enum gguf_type}), with the bytes one value of it takes in the file
 * (0 for the variable-length STRING and ARRAY).
 */
public enum GgufValueType {
    UINT8(1),
    INT8(1),
    UINT16(2),
    INT16(2),
    UINT32(4),
    INT32(4),
    FLOAT32(4),
    BOOL(1),
    STRING(0),
    ARRAY(0),
    UINT64(8),
    INT64(8),
    FLOAT64(8);

    private static final GgufValueType[] BY_ID = values();

    private final int byteSize;

    GgufValueType(int byteSize) {
        this.byteSize = byteSize;
    }

    public static GgufValueType fromId(int id, long offset) {
        if (id < 0 || id >= BY_ID.length) {
            throw new ModelFormatException(offset, "unknown metadata value type " + Integer.toUnsignedString(id));
        }
        return BY_ID[id];
    }

    /** The type's id as GGUF stores it. */
    public int id() {
        return ordinal();
    }

    /** Bytes per value in the file; 0 for STRING and ARRAY, whose size depends on their content. */
    public int byteSize() {
        return byteSize;
    }

    /** The least number of bytes one value can take in the file: a string's or an array's header counts. */
    int minimumByteSize() {
        return switch (this) {
            case STRING -> 8; // the length
            case ARRAY -> 4 + 8; // element type and count
            default -> byteSize;
        };
    }

    public boolean isInteger() {
        return switch (this) {
            case UINT8, INT8, UINT16, INT16, UINT32, INT32, UINT64, INT64 -> true;
            default -> false;
        };
    }

    public boolean isUnsigned() {
        return this == UINT8 || this == UINT16 || this == UINT32 || this == UINT64;
    }
}
