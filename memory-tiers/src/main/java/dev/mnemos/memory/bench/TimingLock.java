package dev.mnemos.memory.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * An exclusive lock on a file, held while the benchmark times searches, so that timed runs on a
 * shared machine do not overlap. It is taken with {@code flock(1)}, the tool other timed runs use
 * (a JVM's own file locks are POSIX record locks, which {@code flock} does not see): a child
 * process holds it until its standard input closes.
 */
final class TimingLock implements AutoCloseable {

    private final Process holder;

    private TimingLock(Process holder) {
        this.holder = holder;
    }

    /** Waits until the lock on {@code file} is held; {@code null} or empty takes no lock. */
    static TimingLock take(String file) throws IOException {
        if (file == null || file.isEmpty()) {
            return new TimingLock(null);
        }
        long start = System.nanoTime();
        Process holder = new ProcessBuilder("flock", file, "sh", "-c", "echo held; read ignored").redirectErrorStream(true).start();
        String line = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8)).readLine();
        if (!"held".equals(line)) {
            holder.destroy();
            throw new IOException("could not lock " + file + ": " + line);
        }
        System.out.printf("lock %s taken after %.0f s%n", file, (System.nanoTime() - start) / 1e9);
        return new TimingLock(holder);
    }

    @Override
    public void close() throws IOException {
        if (holder != null) {
            holder.getOutputStream().close();
            try {
                holder.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                holder.destroy();
            }
        }
    }
}
