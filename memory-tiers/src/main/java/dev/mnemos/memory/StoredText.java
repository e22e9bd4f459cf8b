package dev.mnemos.memory;

import dev.mnemos.memory.recall.Message;
import dev.mnemos.memory.recall.ToolCall;
import java.nio.charset.StandardCharsets;

/**
 * What every engine accepts as text: well-formed UTF-16 (no lone surrogate, so it has a UTF-8
 * form), no NUL character (PostgreSQL cannot store one), and at most a number of UTF-8 bytes.
 * Engines check each text before writing anything, so a refused write leaves the store unchanged.
 */
public final class StoredText {

    /** The largest message content, passage text or interrupt payload: 1 MiB of UTF-8. */
    public static final int MAX_BYTES = 1 << 20;

    private StoredText() {}

    /**
     * Produces {@code text} when it can be stored, else fails.
     *
     * @param what names the text in the error, e.g. {@code message 'm-1' content}
     * @param maxBytes the largest UTF-8 length allowed
     * @throws InvalidContentException for a lone surrogate, a NUL character or a text over {@code maxBytes}
     */
    public static String check(String what, String text, int maxBytes) {
        if (text == null) {
            return null;
        }
        long bytes = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                throw new InvalidContentException(what + " contains a NUL character at index " + i);
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    throw new InvalidContentException(what + " is not valid text: lone high surrogate at index " + i);
                }
                bytes += 4;
                i++;
            } else if (Character.isLowSurrogate(c)) {
                throw new InvalidContentException(what + " is not valid text: lone low surrogate at index " + i);
            } else {
                bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
            }
        }
        if (bytes > maxBytes) {
            throw new InvalidContentException(what + " is " + bytes + " bytes of UTF-8, " + (bytes - maxBytes)
                    + " over the limit of " + maxBytes);
        }
        return text;
    }

    /** {@link #check(String, String, int)} with {@link #MAX_BYTES}. */
    public static String check(String what, String text) {
        return check(what, text, MAX_BYTES);
    }

    /** The largest id, step id or tool name: 1 KiB of UTF-8. */
    public static final int MAX_NAME_BYTES = 1024;

    /**
     * Checks every text of a message before an engine stores it: ids and names up to
     * {@link #MAX_NAME_BYTES}, the content up to {@link #MAX_BYTES}, and each tool call's id, name and
     * arguments together up to {@link #MAX_BYTES}.
     *
     * @throws InvalidContentException naming the first text that cannot be stored
     */
    public static void check(Message message) {
        check("message id", message.id(), MAX_NAME_BYTES);
        check("message '" + message.id() + "' content", message.content());
        check("message '" + message.id() + "' step id", message.stepId(), MAX_NAME_BYTES);
        check("message '" + message.id() + "' tool call id", message.toolCallId(), MAX_NAME_BYTES);
        check("message '" + message.id() + "' tool name", message.toolName(), MAX_NAME_BYTES);
        for (ToolCall call : message.toolCalls()) {
            check("message '" + message.id() + "' tool call id", call.id(), MAX_NAME_BYTES);
            check("message '" + message.id() + "' tool call '" + call.id() + "' name", call.name(), MAX_NAME_BYTES);
            check("message '" + message.id() + "' tool call '" + call.id() + "'", call.id() + call.name() + call.arguments());
        }
    }

    /**
     * Decodes UTF-8 bytes strictly, for writers that receive bytes.
     *
     * @throws InvalidContentException when the bytes are not valid UTF-8
     */
    public static String decode(String what, byte[] utf8) {
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(utf8)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new InvalidContentException(what + " is not valid UTF-8: " + e.getMessage());
        }
    }
}
