package dev.mnemos.inference.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.PriorityQueue;

/**
 * llama.cpp's SentencePiece tokenizer ({@code llm_tokenizer_spm}): start from single characters, repeatedly merge the
 * adjacent pair whose concatenation is the token of highest score (leftmost on a tie), then emit each symbol as its
 * token, or as byte tokens {@code <0xNN>} when it has none. The text arrives with spaces already escaped as ▁.
 */
final class SentencePieceEncoder {

    private record Bigram(int left, int right, float score, int length) {
    }

    private final Vocabulary vocabulary;
    private final int[] byteTokens;

    SentencePieceEncoder(Vocabulary vocabulary) {
        this.vocabulary = vocabulary;
        this.byteTokens = new int[256];
        for (int b = 0; b < 256; b++) {
            int id = vocabulary.id("<0x%02X>".formatted(b));
            if (id == Tokenizer.NONE && b < 0x80) {
                id = vocabulary.id(String.valueOf((char) b)); // llama.cpp's fallback: the byte itself
            }
            byteTokens[b] = id;
        }
    }

    void encode(String text, TokenIds out) {
        int n = text.codePointCount(0, text.length());
        int[] start = new int[n]; // symbol i is text[start[i], start[i] + length[i]); merged-away symbols have length 0
        int[] length = new int[n];
        int[] previous = new int[n];
        int[] next = new int[n];
        for (int i = 0, at = 0; i < n; i++) {
            start[i] = at;
            length[i] = Character.charCount(text.codePointAt(at));
            at += length[i];
            previous[i] = i - 1;
            next[i] = i + 1 < n ? i + 1 : -1;
        }
        var queue = new PriorityQueue<Bigram>((a, b) -> a.score() != b.score()
                ? Float.compare(b.score(), a.score())
                : Integer.compare(a.left(), b.left()));
        for (int i = 1; i < n; i++) {
            offer(queue, text, start, length, i - 1, i);
        }
        while (!queue.isEmpty()) {
            Bigram bigram = queue.poll();
            int left = bigram.left();
            int right = bigram.right();
            if (length[left] == 0 || length[right] == 0 || length[left] + length[right] != bigram.length()) {
                continue; // one side has been merged into something else since
            }
            length[left] += length[right];
            length[right] = 0;
            next[left] = next[right];
            if (next[right] >= 0) {
                previous[next[right]] = left;
            }
            offer(queue, text, start, length, previous[left], left);
            offer(queue, text, start, length, left, next[left]);
        }
        for (int i = 0; i != -1 && n > 0; i = next[i]) {
            String symbol = text.substring(start[i], start[i] + length[i]);
            int id = vocabulary.id(symbol);
            if (id != Tokenizer.NONE) {
                out.add(id);
            } else {
                for (byte b : symbol.getBytes(StandardCharsets.UTF_8)) {
                    out.add(byteTokens[b & 0xFF]);
                }
            }
        }
    }

    private void offer(PriorityQueue<Bigram> queue, String text, int[] start, int[] length, int left, int right) {
        if (left == -1 || right == -1) {
            return;
        }
        int merged = length[left] + length[right];
        int id = vocabulary.id(text.substring(start[left], start[left] + merged));
        if (id != Tokenizer.NONE) {
            queue.add(new Bigram(left, right, vocabulary.score(id), merged));
        }
    }
}
