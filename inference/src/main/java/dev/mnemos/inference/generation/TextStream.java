package dev.mnemos.inference.generation;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

/**
 * Turns the bytes of generated tokens into text as it streams: a character split across tokens is held
 * until complete, and text that might be the start of a stop string is held until it is known not to be
 * one. Everything passed on to the listener is final.
 */
final class TextStream {

    private final List<String> stopStrings;
    private final Consumer<String> listener;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    private final ByteArrayOutputStream undecoded = new ByteArrayOutputStream();
    private final StringBuilder held = new StringBuilder(); // decoded, not yet emitted
    private final StringBuilder emitted = new StringBuilder();
    private boolean stopped;

    TextStream(List<String> stopStrings, Consumer<String> listener) {
        this.stopStrings = stopStrings;
        this.listener = listener;
    }

    /** Adds a token's bytes; returns true when a stop string has been reached. */
    boolean add(byte[] piece) {
        if (stopped) {
            return true;
        }
        undecoded.writeBytes(piece);
        decodeComplete(false);
        int stop = firstStop();
        if (stop >= 0) {
            emit(stop);
            held.setLength(0);
            stopped = true;
            return true;
        }
        emit(held.length() - longestStopPrefixAtEnd());
        return false;
    }

    /** Emits whatever is held (at the end of generation). */
    void finish() {
        if (!stopped) {
            decodeComplete(true);
            emit(held.length());
        }
    }

    String text() {
        return emitted.toString();
    }

    private void decodeComplete(boolean endOfInput) {
        ByteBuffer in = ByteBuffer.wrap(undecoded.toByteArray());
        CharBuffer out = CharBuffer.allocate(in.remaining() + 1);
        CoderResult result = decoder.decode(in, out, endOfInput);
        if (endOfInput) {
            decoder.flush(out);
        }
        assert !result.isError();
        held.append(out.flip());
        byte[] rest = new byte[in.remaining()];
        in.get(rest);
        undecoded.reset();
        undecoded.writeBytes(rest);
    }

    private int firstStop() {
        int first = -1;
        for (String stop : stopStrings) {
            int at = held.indexOf(stop);
            if (at >= 0 && (first < 0 || at < first)) {
                first = at;
            }
        }
        return first;
    }

    private int longestStopPrefixAtEnd() {
        int longest = 0;
        String text = held.toString();
        for (String stop : stopStrings) {
            for (int n = Math.min(stop.length() - 1, text.length()); n > longest; n--) {
                if (text.regionMatches(text.length() - n, stop, 0, n)) {
                    longest = n;
                    break;
                }
            }
        }
        return longest;
    }

    private void emit(int upTo) {
        if (upTo <= 0) {
            return;
        }
        String text = held.substring(0, upTo);
        held.delete(0, upTo);
        emitted.append(text);
        listener.accept(text);
    }
}
