package dev.mnemos.inference.kv;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Offloaded pages in a file of fixed-size slots (keys, then values); the file is deleted on close. */
public final class DiskTier implements KvTier {

    private final int pageFloats;
    private final Path file;
    private final FileChannel channel;
    private final ByteBuffer buffer; // one slot: the only I/O buffer, allocated once
    private final FloatBuffer floats;
    private final SlotFreeList slots = new SlotFreeList();

    public DiskTier(int pageFloats, Path folder) {
        this.pageFloats = pageFloats;
        try {
            this.file = Files.createTempFile(folder, "mnemos-kv-", ".pages");
            this.channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a KV page file in " + folder, e);
        }
        this.buffer = ByteBuffer.allocateDirect(2 * pageFloats * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        this.floats = buffer.asFloatBuffer();
    }

    @Override
    public boolean hasRoom() {
        return true;
    }

    @Override
    public int store(float[] keys, float[] values, int length) {
        int slot = slots.take();
        floats.clear();
        floats.put(0, keys, 0, length);
        floats.put(pageFloats, values, 0, length);
        buffer.clear();
        try {
            long at = (long) slot * buffer.capacity();
            while (buffer.hasRemaining()) at += channel.write(buffer, at);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write KV page slot " + slot + " of " + file, e);
        }
        return slot;
    }

    @Override
    public void load(int slot, float[] keys, float[] values, int length) {
        buffer.clear();
        try {
            long at = (long) slot * buffer.capacity();
            while (buffer.hasRemaining()) {
                int read = channel.read(buffer, at);
                if (read < 0) throw new IOException("end of file");
                at += read;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read KV page slot " + slot + " of " + file, e);
        }
        floats.get(0, keys, 0, length);
        floats.get(pageFloats, values, 0, length);
    }

    @Override
    public void free(int slot) {
        slots.give(slot);
    }

    @Override
    public long bytesUsed() {
        return (long) slots.inUse() * buffer.capacity();
    }

    @Override
    public void close() {
        try {
            channel.close();
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + file, e);
        }
    }
}
