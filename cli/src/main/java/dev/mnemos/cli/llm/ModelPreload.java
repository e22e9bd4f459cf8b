package dev.mnemos.cli.llm;

import dev.mnemos.cli.chat.ProgressBar;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads a GGUF file through once before it is mapped: the weights come off the disk in long sequential reads, with
 * a progress bar, into the page cache that the mapping then shares, instead of one page fault at a time during the
 * first prefill. A file that is cached already reads in a moment.
 */
public final class ModelPreload {

    private static final int CHUNK = 8 << 20;

    private ModelPreload() {
    }

    /** Reads {@code file} to its end, moving {@code bar} (in bytes) as it goes. */
    public static void read(Path file, ProgressBar bar) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer buffer = ByteBuffer.allocateDirect(CHUNK);
            long done = 0;
            int read;
            while ((read = channel.read(buffer)) > 0) {
                done += read;
                bar.set(done);
                buffer.clear();
            }
        }
    }
}
