package dev.mnemos.cli.chat;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.jline.terminal.Terminal;

/**
 * A progress bar for long work, with its rate and the time left: redrawn in place on a terminal, a plain line
 * every tenth of the way (or every few seconds when the total is unknown) anywhere else. Thread-safe: work on a
 * worker pool may report its progress.
 *
 * <pre>
 * ingest [########------------]  40%  12/30 passages  3.1 passages/s  0:06 left
 * </pre>
 */
public final class ProgressBar implements AutoCloseable {

    /** The unit whose amounts are written as KB, MB, GB. */
    public static final String BYTES = "B";

    private static final int WIDTH = 20;
    private static final long REDRAW_NANOS = 100_000_000L;
    private static final long PLAIN_UNKNOWN_NANOS = 5_000_000_000L;

    private final PrintWriter out;
    private final boolean inPlace;
    private final String label;
    private final long total;
    private final String unit;
    private final LongSupplier nanoTime;
    private final long start;
    private long done;
    private long drawnAt;
    private long drawnTenth = -1;
    private boolean closed;

    /**
     * @param inPlace redraw one line ({@code \r}) rather than print lines
     * @param total the amount of work, in {@code unit}; 0 or less when unknown (then no bar and no time left)
     * @param nanoTime the clock, {@link System#nanoTime} but in tests
     */
    public ProgressBar(PrintWriter out, boolean inPlace, String label, long total, String unit, LongSupplier nanoTime) {
        this.out = out;
        this.inPlace = inPlace;
        this.label = label;
        this.total = total;
        this.unit = unit;
        this.nanoTime = nanoTime;
        this.start = nanoTime.getAsLong();
        this.drawnAt = start - PLAIN_UNKNOWN_NANOS; // the first report draws
    }

    /** A bar on {@code terminal}: in place unless it is a dumb terminal (a pipe, a file). */
    public static ProgressBar on(Terminal terminal, String label, long total, String unit) {
        boolean dumb = terminal.getType() == null || terminal.getType().startsWith(Terminal.TYPE_DUMB);
        return new ProgressBar(terminal.writer(), !dumb, label, total, unit, System::nanoTime);
    }

    /** Records that {@code amount} of the work is done (not more than the total), and redraws when it is time to. */
    public synchronized void set(long amount) {
        if (closed) {
            return;
        }
        done = total > 0 ? Math.min(amount, total) : amount;
        long now = nanoTime.getAsLong();
        if (inPlace) {
            if (now - drawnAt >= REDRAW_NANOS) {
                draw(now, "\r", "\u001b[K");
            }
        } else if (total > 0 ? done * 10 / total > drawnTenth : now - drawnAt >= PLAIN_UNKNOWN_NANOS) {
            draw(now, "", "\n");
        }
    }

    /** Adds {@code amount} to what is done. */
    public synchronized void add(long amount) {
        set(done + amount);
    }

    /** Draws the final state, with the time the work took, and ends the line. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        out.print((inPlace ? "\r" : "") + line(label, done, total, unit, nanoTime.getAsLong() - start, true) + (inPlace ? "\u001b[K\n" : "\n"));
        out.flush();
    }

    private void draw(long now, String before, String after) {
        drawnAt = now;
        drawnTenth = total > 0 ? done * 10 / total : -1;
        out.print(before + line(label, done, total, unit, now - start, false) + after);
        out.flush();
    }

    /**
     * One line of the bar: label, bar and percentage (when the total is known), amounts, rate, and the time left
     * (or, when {@code finished}, the time it took).
     */
    static String line(String label, long done, long total, String unit, long elapsedNanos, boolean finished) {
        StringBuilder line = new StringBuilder(label);
        if (total > 0) {
            int filled = (int) (WIDTH * done / total);
            line.append(" [").append("#".repeat(filled)).append("-".repeat(WIDTH - filled)).append(']')
                    .append(String.format(Locale.ROOT, " %3d%%", 100 * done / total));
        }
        line.append("  ").append(amount(done, unit));
        if (total > 0) {
            line.append('/').append(amount(total, unit));
        }
        line.append(unit.equals(BYTES) ? "" : " " + unit);
        double seconds = elapsedNanos / 1e9;
        double rate = seconds > 0 ? done / seconds : 0;
        line.append("  ").append(rate > 0 ? rate(rate, unit) + "/s" : "-/s");
        if (finished) {
            line.append("  in ").append(clock(seconds));
        } else if (total > 0) {
            line.append("  ").append(rate > 0 ? clock((total - done) / rate) : "?:??").append(" left");
        } else {
            line.append("  ").append(clock(seconds));
        }
        return line.toString();
    }

    private static String amount(long value, String unit) {
        return unit.equals(BYTES) ? bytes(value) : String.format(Locale.ROOT, "%,d", value);
    }

    private static String rate(double perSecond, String unit) {
        if (unit.equals(BYTES)) {
            return bytes((long) perSecond);
        }
        return String.format(Locale.ROOT, perSecond >= 100 ? "%,.0f %s" : "%.1f %s", perSecond, unit);
    }

    private static String bytes(long value) {
        if (value < 1_000) {
            return value + " B";
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double scaled = value / 1_000.0;
        int i = 0;
        while (scaled >= 1_000 && i < units.length - 1) {
            scaled /= 1_000;
            i++;
        }
        return String.format(Locale.ROOT, "%.1f %s", scaled, units[i]);
    }

    private static String clock(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
