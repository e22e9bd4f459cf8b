package dev.mnemos.inference.gguf;

/**
 * The tensor element types of ggml, by their id in a GGUF file (ggml.h {@code enum ggml_type}). Quantized types store
 * {@link #blockSize()} elements in {@link #bytesPerBlock()} bytes; plain types have blocks of one element. Ids 4, 5,
 * 31-33 and 36-38 belonged to types that ggml has removed; reading them is an error, as in ggml.
 */
public enum GgmlType {
    F32(0, 1, 4),
    F16(1, 1, 2),
    Q4_0(2, 32, 2 + 16),
    Q4_1(3, 32, 2 + 2 + 16),
    Q5_0(6, 32, 2 + 4 + 16),
    Q5_1(7, 32, 2 + 2 + 4 + 16),
    Q8_0(8, 32, 2 + 32),
    Q8_1(9, 32, 2 + 2 + 32),
    Q2_K(10, 256, 16 + 64 + 2 + 2),
    Q3_K(11, 256, 32 + 64 + 12 + 2),
    Q4_K(12, 256, 2 + 2 + 12 + 128),
    Q5_K(13, 256, 2 + 2 + 12 + 32 + 128),
    Q6_K(14, 256, 128 + 64 + 16 + 2),
    Q8_K(15, 256, 4 + 256 + 2 * 16),
    IQ2_XXS(16, 256, 2 + 64),
    IQ2_XS(17, 256, 2 + 64 + 8),
    IQ3_XXS(18, 256, 2 + 96),
    IQ1_S(19, 256, 2 + 32 + 16),
    IQ4_NL(20, 32, 2 + 16),
    IQ3_S(21, 256, 2 + 64 + 8 + 32 + 4),
    IQ2_S(22, 256, 2 + 64 + 8 + 8),
    IQ4_XS(23, 256, 2 + 2 + 4 + 128),
    I8(24, 1, 1),
    I16(25, 1, 2),
    I32(26, 1, 4),
    I64(27, 1, 8),
    F64(28, 1, 8),
    IQ1_M(29, 256, 32 + 16 + 8),
    BF16(30, 1, 2),
    TQ1_0(34, 256, 48 + 4 + 2),
    TQ2_0(35, 256, 64 + 2),
    MXFP4(39, 32, 1 + 16),
    NVFP4(40, 64, 4 + 32),
    Q1_0(41, 128, 2 + 16);

    private static final GgmlType[] BY_ID = new GgmlType[42];

    static {
        for (GgmlType type : values()) {
            BY_ID[type.id] = type;
        }
    }

    private final int id;
    private final int blockSize;
    private final int bytesPerBlock;

    GgmlType(int id, int blockSize, int bytesPerBlock) {
        this.id = id;
        this.blockSize = blockSize;
        this.bytesPerBlock = bytesPerBlock;
    }

    /** The type with this id in a GGUF file; {@code offset} is where the id was read, for the error message. */
    public static GgmlType fromId(int id, long offset) {
        GgmlType type = id >= 0 && id < BY_ID.length ? BY_ID[id] : null;
        if (type == null) {
            throw new ModelFormatException(offset, "unknown ggml type id " + Integer.toUnsignedString(id));
        }
        return type;
    }

    /** The type's id as GGUF stores it. */
    public int id() {
        return id;
    }

    /** Elements per block: 1 for plain types, 32 or 256 for quantized ones. */
    public int blockSize() {
        return blockSize;
    }

    /** Bytes that one block of {@link #blockSize()} elements takes. */
    public int bytesPerBlock() {
        return bytesPerBlock;
    }

    public boolean isQuantized() {
        return blockSize > 1;
    }

    /**
     * The bytes that {@code elementCount} elements take.
     *
     * @throws IllegalArgumentException if the count is negative or not a whole number of blocks
     * @throws ArithmeticException if the size does not fit in a long
     */
    public long byteSize(long elementCount) {
        if (elementCount < 0 || elementCount % blockSize != 0) {
            throw new IllegalArgumentException(
                    elementCount + " elements are not a whole number of " + this + " blocks of " + blockSize);
        }
        return Math.multiplyExact(elementCount / blockSize, (long) bytesPerBlock);
    }
}
