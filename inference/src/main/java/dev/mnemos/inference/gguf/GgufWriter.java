package dev.mnemos.inference.gguf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SequencedMap;

/**
 * Writes a GGUF v3 file: metadata in insertion order, then the tensor directory, then each tensor's data at the next
 * multiple of the alignment ({@code general.alignment} when set, else 32), as gguf.cpp's writer lays it out. Tensor data
 * is produced straight into a memory-mapped file, so a model larger than the heap can be written.
 *
 * <pre>{@code
 * new GgufWriter()
 *         .put("general.architecture", GgufValue.ofString("llama"))
 *         .tensor("output_norm.weight", GgmlType.F32, new long[] {64}, out -> F32Format.quantize(ones, 0, 64, out, 0))
 *         .write(path);
 * }</pre>
 */
public final class GgufWriter {

    /** Fills a tensor's bytes; {@code target} is exactly {@link GgufTensorInfo#byteSize()} long. */
    @FunctionalInterface
    public interface TensorContent {
        void writeTo(MemorySegment target);
    }

    private record PendingTensor(String name, GgmlType type, long[] shape, TensorContent content) {
    }

    private final SequencedMap<String, GgufValue> metadata = new LinkedHashMap<>();
    private final Map<String, PendingTensor> tensors = new LinkedHashMap<>();

    public GgufWriter put(String key, GgufValue value) {
        metadata.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
        return this;
    }

    /** Every entry of {@code source}, in its order. */
    public GgufWriter putAll(GgufMetadata source) {
        source.asMap().forEach(this::put);
        return this;
    }

    public GgufWriter putString(String key, String value) {
        return put(key, GgufValue.ofString(value));
    }

    public GgufWriter putUint32(String key, int value) {
        return put(key, GgufValue.ofUint32(value));
    }

    public GgufWriter putFloat32(String key, float value) {
        return put(key, GgufValue.ofFloat32(value));
    }

    public GgufWriter putBool(String key, boolean value) {
        return put(key, GgufValue.ofBool(value));
    }

    public GgufWriter putArray(String key, GgufArray value) {
        return put(key, GgufValue.ofArray(value));
    }

    /** Adds a tensor; its data is produced by {@code content} when the file is written. */
    public GgufWriter tensor(String name, GgmlType type, long[] shape, TensorContent content) {
        var info = new GgufTensorInfo(name, type, shape, 0);
        if (shape.length > GgufParser.MAX_DIMENSIONS || (shape.length > 0 && shape[0] % type.blockSize() != 0)) {
            throw new IllegalArgumentException("tensor " + info + " cannot be stored as " + type);
        }
        info.byteSize(); // fails early on an impossible size
        if (tensors.putIfAbsent(name, new PendingTensor(name, type, shape.clone(), content)) != null) {
            throw new IllegalArgumentException("duplicate tensor " + name);
        }
        return this;
    }

    /** Adds a tensor whose bytes are already at hand. */
    public GgufWriter tensor(String name, GgmlType type, long[] shape, MemorySegment data) {
        return tensor(name, type, shape, target -> target.copyFrom(data));
    }

    /** Writes the file, replacing any file at {@code path}. */
    public void write(Path path) throws IOException {
        int alignment = alignment();
        var infos = new ArrayList<GgufTensorInfo>();
        long dataSize = 0;
        for (PendingTensor tensor : tensors.values()) {
            var info = new GgufTensorInfo(tensor.name(), tensor.type(), tensor.shape(), dataSize);
            infos.add(info);
            dataSize = GgufParser.alignUp(dataSize + info.byteSize(), alignment);
        }
        byte[] header = header(infos);
        long dataOffset = infos.isEmpty() ? header.length : GgufParser.alignUp(header.length, alignment);
        long fileSize = dataOffset + dataSize;

        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                        StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
                Arena arena = Arena.ofConfined()) {
            if (fileSize == 0) {
                return;
            }
            MemorySegment file = channel.map(FileChannel.MapMode.READ_WRITE, 0, fileSize, arena);
            file.copyFrom(MemorySegment.ofArray(header));
            List<PendingTensor> pending = List.copyOf(tensors.values());
            for (int i = 0; i < infos.size(); i++) {
                GgufTensorInfo info = infos.get(i);
                pending.get(i).content().writeTo(file.asSlice(dataOffset + info.offset(), info.byteSize()));
            }
            file.force();
        }
    }

    private int alignment() {
        GgufValue value = metadata.get(GgufParser.ALIGNMENT_KEY);
        if (value == null) {
            return GgufParser.DEFAULT_ALIGNMENT;
        }
        int alignment = value.type() == GgufValueType.UINT32 ? (Integer) value.value() : -1;
        if (alignment <= 0 || Integer.bitCount(alignment) != 1) {
            throw new IllegalStateException(GgufParser.ALIGNMENT_KEY + " must be a UINT32 power of two, not " + value);
        }
        return alignment;
    }

    private byte[] header(List<GgufTensorInfo> infos) {
        var out = new LittleEndianBytes();
        out.writeInt(GgufParser.MAGIC);
        out.writeInt(3);
        out.writeLong(infos.size());
        out.writeLong(metadata.size());
        metadata.forEach((key, value) -> {
            out.writeString(key);
            out.writeInt(value.type().id());
            writeValue(out, value.type(), value.value());
        });
        for (GgufTensorInfo info : infos) {
            out.writeString(info.name());
            out.writeInt(info.dimensions());
            for (long dimension : info.shape()) {
                out.writeLong(dimension);
            }
            out.writeInt(info.type().id());
            out.writeLong(info.offset());
        }
        return out.toByteArray();
    }

    private static void writeValue(LittleEndianBytes out, GgufValueType type, Object value) {
        switch (type) {
            case UINT8, INT8 -> out.write((Byte) value);
            case UINT16, INT16 -> out.writeShort((Short) value);
            case UINT32, INT32 -> out.writeInt((Integer) value);
            case UINT64, INT64 -> out.writeLong((Long) value);
            case FLOAT32 -> out.writeInt(Float.floatToRawIntBits((Float) value));
            case FLOAT64 -> out.writeLong(Double.doubleToRawLongBits((Double) value));
            case BOOL -> out.write((Boolean) value ? 1 : 0);
            case STRING -> out.writeString((String) value);
            case ARRAY -> writeArray(out, (GgufArray) value);
        }
    }

    private static void writeArray(LittleEndianBytes out, GgufArray array) {
        out.writeInt(array.elementType().id());
        out.writeLong(array.size());
        switch (array.elementType()) {
            case STRING -> {
                for (int i = 0; i < array.size(); i++) {
                    out.writeUtf8(array.utf8At(i));
                }
            }
            case ARRAY -> {
                for (int i = 0; i < array.size(); i++) {
                    writeArray(out, array.arrayAt(i));
                }
            }
            default -> out.writeBytes(array.rawNumbers());
        }
    }

    /** A growable little-endian byte buffer for the header. */
    private static final class LittleEndianBytes extends ByteArrayOutputStream {

        LittleEndianBytes() {
            super(1 << 16);
        }

        void writeShort(short value) {
            write(value);
            write(value >> 8);
        }

        void writeInt(int value) {
            writeShort((short) value);
            writeShort((short) (value >> 16));
        }

        void writeLong(long value) {
            writeInt((int) value);
            writeInt((int) (value >> 32));
        }

        void writeString(String value) {
            writeUtf8(value.getBytes(StandardCharsets.UTF_8));
        }

        void writeUtf8(byte[] utf8) {
            writeLong(utf8.length);
            writeBytes(utf8);
        }
    }
}
