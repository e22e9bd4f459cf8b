package dev.mnemos.inference.chat;

import java.util.List;

/**
 * Cuts streamed text at the first stop string. Text that might be the start of a stop string is held back until the
 * next chunk shows whether it is; nothing of the stop string itself is ever emitted. Not thread-safe: one per stream.
 *
 * <pre>{@code
 * var stops = new StopSequences(List.of("\nUser:"));
 * for (String chunk : chunks) {
 *     out.print(stops.accept(chunk));
 *     if (stops.stopped()) break;
 * }
 * out.print(stops.flush());
 * }</pre>
 */
public final class StopSequences {

    private final List<String> stops;
    private final StringBuilder pending = new StringBuilder();
    private boolean stopped;

    /** @param stops the stop strings; empty ones are ignored */
    public StopSequences(List<String> stops) {
        this.stops = stops.stream().filter(stop -> !stop.isEmpty()).toList();
    }

    /** Takes the next generated text and returns what can be shown now; empty once {@link #stopped()}. */
    public String accept(String chunk) {
        if (stopped) {
            return "";
        }
        pending.append(chunk);
        int first = -1;
        for (String stop : stops) {
            int at = pending.indexOf(stop);
            if (at >= 0 && (first < 0 || at < first)) {
                first = at;
            }
        }
        if (first >= 0) {
            stopped = true;
            String text = pending.substring(0, first);
            pending.setLength(0);
            return text;
        }
        int keep = longestStopPrefixAtEnd();
        String text = pending.substring(0, pending.length() - keep);
        pending.delete(0, pending.length() - keep);
        return text;
    }

    /** Whether a stop string has been seen: generation should end. */
    public boolean stopped() {
        return stopped;
    }

    /** At the end of generation: the text held back, since no stop string followed it. */
    public String flush() {
        String text = stopped ? "" : pending.toString();
        pending.setLength(0);
        return text;
    }

    /** The length of the longest end of the pending text that begins some stop string. */
    private int longestStopPrefixAtEnd() {
        int longest = 0;
        String text = pending.toString();
        for (String stop : stops) {
            for (int length = Math.min(stop.length() - 1, text.length()); length > longest; length--) {
                if (text.regionMatches(text.length() - length, stop, 0, length)) {
                    longest = length;
                    break;
                }
            }
        }
        return longest;
    }
}
