package dev.mnemos.inference.gguf;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A GGUF file (v2 or v3), memory-mapped: metadata and tensor directory are parsed when it opens; tensor data stays in
 * the mapping and {@link #tensorData} hands out slices of it, so weights are never copied onto the heap. The mapping
 * lives in a shared arena (any thread may read it) until {@link #close()}, after which every slice is invalid.
 *
 * <pre>{@code
 * try (GgufFile model = GgufFile.open(path)) {
 *     int layers = model.metadata().getInt("llama.block_count");
 *     MemorySegment wq = model.tensorData(model.tensor("blk.0.attn_q.weight"));
 * }
 * }</pre>
 */
public final class GgufFile implements AutoCloseable {

    private final Arena arena; // null when the segment belongs to the caller
    private final MemorySegment file;
    private final GgufParser.Header header;
    private final Map<String, GgufTensorInfo> tensorsByName;

    private GgufFile(Arena arena, MemorySegment file, GgufParser.Header header) {
        this.arena = arena;
        this.file = file;
        this.header = header;
        var byName = new LinkedHashMap<String, GgufTensorInfo>();
        for (GgufTensorInfo tensor : header.tensors()) {
            byName.put(tensor.name(), tensor);
        }
        this.tensorsByName = byName;
    }

    /**
     * Maps and parses the file.
     *
     * @throws ModelFormatException if the file is not a well-formed GGUF v2/v3 file
     * @throws IOException if it cannot be read
     */
    public static GgufFile open(Path path) throws IOException {
        Arena arena = Arena.ofShared();
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            MemorySegment file = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size(), arena);
            return new GgufFile(arena, file, GgufParser.parse(file));
        } catch (IOException | RuntimeException | Error e) {
            arena.close();
            throw e;
        }
    }

    /**
     * Parses a GGUF file that is already in memory; the segment stays the caller's, and {@link #close()} leaves it
     * alone.
     *
     * @throws ModelFormatException if the bytes are not a well-formed GGUF v2/v3 file
     */
    public static GgufFile parse(MemorySegment file) {
        return new GgufFile(null, file, GgufParser.parse(file));
    }

    /** 2 or 3. */
    public int version() {
        return header.version();
    }

    public GgufMetadata metadata() {
        return header.metadata();
    }

    /** The tensor directory in file order. */
    public List<GgufTensorInfo> tensors() {
        return header.tensors();
    }

    public Optional<GgufTensorInfo> findTensor(String name) {
        return Optional.ofNullable(tensorsByName.get(name));
    }

    /** @throws ModelFormatException if the file has no tensor of that name */
    public GgufTensorInfo tensor(String name) {
        GgufTensorInfo tensor = tensorsByName.get(name);
        if (tensor == null) {
            throw new ModelFormatException("missing tensor " + name);
        }
        return tensor;
    }

    /** {@code general.alignment}, 32 when the file has none. */
    public int alignment() {
        return header.alignment();
    }

    /** Where the data section starts, in bytes from the start of the file. */
    public long dataOffset() {
        return header.dataOffset();
    }

    /** The whole file as one segment. */
    public MemorySegment segment() {
        return file;
    }

    /** The tensor's bytes: a read-only slice of the mapping, valid until {@link #close()}. */
    public MemorySegment tensorData(GgufTensorInfo tensor) {
        if (!tensor.equals(tensorsByName.get(tensor.name()))) {
            throw new IllegalArgumentException("tensor " + tensor.name() + " is not in this file");
        }
        return file.asSlice(header.dataOffset() + tensor.offset(), tensor.byteSize()).asReadOnly();
    }

    /** Unmaps the file. */
    @Override
    public void close() {
        if (arena != null) {
            arena.close();
        }
    }
}
