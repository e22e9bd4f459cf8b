package dev.mnemos.memory.postgres;

import dev.mnemos.memory.InvalidContentException;

/**
 * The check every text passes before PostgreSQL sees it: a {@code text} column holds no NUL
 * character and only valid UTF-8, so a lone surrogate (which no UTF-8 can encode) is refused
 * here with a clear message rather than stored as '?' or failed by the server.
 */
final class StorableText {

    /** The longest message content or passage text, in characters; longer tsvectors pass PostgreSQL's 1 MB limit. */
    static final int MAX_CHARS = 262_144;

    private StorableText() {}

    static String check(String what, String text) {
        if (text.length() > MAX_CHARS) {
            throw new InvalidContentException(what + " has " + text.length() + " characters, " + (text.length() - MAX_CHARS)
                    + " over the limit of " + MAX_CHARS);
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                throw new InvalidContentException(what + " contains a NUL character at index " + i);
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new InvalidContentException(what + " is not valid Unicode: a lone surrogate at index " + i);
            }
        }
        return text;
    }
}
