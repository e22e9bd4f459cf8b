package dev.mnemos.inference.tokenizer;

/**
 * The symbols of a text while adjacent pairs are merged (llama.cpp's {@code llm_symbol} list): symbol {@code i} covers
 * {@code text[start[i], start[i] + length[i])}; merging moves the right symbol into the left one and unlinks it, so a
 * merged-away symbol has length 0. Starts as one symbol per code point.
 */
final class SymbolChain {

    private final String text;
    private final int[] start;
    private final int[] length;
    private final int[] previous;
    private final int[] next;

    SymbolChain(String text) {
        this.text = text;
        int n = text.codePointCount(0, text.length());
        start = new int[n];
        length = new int[n];
        previous = new int[n];
        next = new int[n];
        for (int i = 0, at = 0; i < n; i++) {
            start[i] = at;
            length[i] = Character.charCount(text.codePointAt(at));
            at += length[i];
            previous[i] = i - 1;
            next[i] = i + 1 < n ? i + 1 : -1;
        }
    }

    /** How many symbols there were at the start; pairs {@code (i - 1, i)} for i below it are the first candidates. */
    int initialCount() {
        return start.length;
    }

    /** The first symbol, or -1 for an empty text. */
    int first() {
        return start.length == 0 ? -1 : 0;
    }

    int next(int symbol) {
        return next[symbol];
    }

    int previous(int symbol) {
        return previous[symbol];
    }

    /** Length in chars; 0 once merged away. */
    int length(int symbol) {
        return length[symbol];
    }

    String text(int symbol) {
        return text.substring(start[symbol], start[symbol] + length[symbol]);
    }

    /** The text of a symbol and the one after it, as one string. */
    String textWithNext(int symbol) {
        return text.substring(start[symbol], start[symbol] + length[symbol] + length[next[symbol]]);
    }

    /** Merges the symbol after {@code left} into {@code left}. */
    void mergeWithNext(int left) {
        int right = next[left];
        length[left] += length[right];
        length[right] = 0;
        next[left] = next[right];
        if (next[right] >= 0) {
            previous[next[right]] = left;
        }
    }
}
