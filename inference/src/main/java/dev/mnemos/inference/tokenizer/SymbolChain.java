package dev.mnemos.inference.tokenizer;

import java.util.PriorityQueue;

/**
 * The symbols of a text while adjacent pairs are merged (llama.cpp's {@code llm_symbol} list): symbol {@code i} covers
 * {@code text[start[i], start[i] + length[i])}; merging moves the right symbol into the left one and unlinks it, so a
 * merged-away symbol has length 0. Starts as one symbol per code point.
 */
final class SymbolChain {

    /** How the pair of a symbol and the one after it ranks for merging: lower merges first; NaN if it never merges. */
    @FunctionalInterface
    interface PairRank {
        double rank(SymbolChain symbols, int left);
    }

    private record Pair(int left, int right, double rank, int leftLength, int rightLength) {
    }

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

    /**
     * Merges pairs until none is left that merges: always the pair of lowest rank, the leftmost among equals (llama.cpp's
     * work queue). A queued pair whose sides have changed since it was ranked is dropped.
     */
    void mergeAll(PairRank ranking) {
        var queue = new PriorityQueue<Pair>((a, b) -> a.rank() != b.rank()
                ? Double.compare(a.rank(), b.rank())
                : Integer.compare(a.left(), b.left()));
        for (int i = 0; i + 1 < start.length; i++) {
            offer(queue, ranking, i);
        }
        while (!queue.isEmpty()) {
            Pair pair = queue.poll();
            if (length[pair.left()] != pair.leftLength() || length[pair.right()] != pair.rightLength()) {
                continue;
            }
            mergeWithNext(pair.left());
            offer(queue, ranking, previous[pair.left()]);
            offer(queue, ranking, pair.left());
        }
    }

    private void offer(PriorityQueue<Pair> queue, PairRank ranking, int left) {
        if (left == -1 || next[left] == -1) {
            return;
        }
        double rank = ranking.rank(this, left);
        if (!Double.isNaN(rank)) {
            queue.add(new Pair(left, next[left], rank, length[left], length[next[left]]));
        }
    }

    /** The first symbol, or -1 for an empty text. */
    int first() {
        return start.length == 0 ? -1 : 0;
    }

    int next(int symbol) {
        return next[symbol];
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

    private void mergeWithNext(int left) {
        int right = next[left];
        length[left] += length[right];
        length[right] = 0;
        next[left] = next[right];
        if (next[right] >= 0) {
            previous[next[right]] = left;
        }
    }
}
