package dev.mnemos.inference.generation;

import dev.mnemos.inference.chat.StopSequences;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

/**
 * Turns the bytes of generated tokens into text as it streams: a character split across tokens is held
 * until complete, and text that might begin a stop string is held by {@link StopSequences} until it is
 * known not to. Everything passed on to the listener is final.
 */
final class TextStream {

    private final StopSequences stops;
    private final Consumer<String> listener;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    private final ByteArrayOutputStream undecoded = new ByteArrayOutputStream();
    private final StringBuilder emitted = new StringBuilder();

    TextStream(List<String> stopStrings, Consumer<String> listener) {
        this.stops = new StopSequences(stopStrings);
        this.listener = listener;
    }

    /** Adds a token's bytes; returns true when a stop string has been reached. */
    boolean add(byte[] piece) {
        if (!stops.stopped()) {
            undecoded.writeBytes(piece);
            emit(stops.accept(decodeComplete(false)));
        }
        return stops.stopped();
    }

    /** Emits whatever is held (at the end of generation). */
    void finish() {
        if (!stops.stopped()) {
            emit(stops.accept(decodeComplete(true)));
            emit(stops.flush());
        }
    }

    String text() {
        return emitted.toString();
    }

    /** The text of the complete characters received so far; an incomplete tail stays for the next piece. */
    private String decodeComplete(boolean endOfInput) {
        ByteBuffer in = ByteBuffer.wrap(undecoded.toByteArray());
        CharBuffer out = CharBuffer.allocate(in.remaining() + 1);
        decoder.decode(in, out, endOfInput);
        if (endOfInput) {
            decoder.flush(out);
        }
        byte[] rest = new byte[in.remaining()];
        in.get(rest);
        undecoded.reset();
        undecoded.writeBytes(rest);
        return out.flip().toString();
    }

    private void emit(String text) {
        if (!text.isEmpty()) {
            emitted.append(text);
            listener.accept(text);
        }
    }
}
