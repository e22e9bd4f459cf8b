package dev.mnemos.memory.postgres;

import java.util.ArrayList;
import java.util.List;

/**
 * A list of strings in one text column, each written as its length, ':' and itself, so that any
 * character may occur in an element (ids are chosen by writers; tool arguments are free text).
 */
final class LengthPrefixed {

    private LengthPrefixed() {}

    static String encode(List<String> values) {
        StringBuilder out = new StringBuilder();
        for (String value : values) {
            out.append(value.length()).append(':').append(value);
        }
        return out.toString();
    }

    static List<String> decode(String text) {
        List<String> values = new ArrayList<>();
        int at = 0;
        while (at < text.length()) {
            int colon = text.indexOf(':', at);
            int length = Integer.parseInt(text, at, colon, 10);
            values.add(text.substring(colon + 1, colon + 1 + length));
            at = colon + 1 + length;
        }
        return values;
    }
}
