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
        var symbols = new SymbolChain(text);
        var queue = new PriorityQueue<Bigram>((a, b) -> a.score() != b.score()
                ? Float.compare(b.score(), a.score())
                : Integer.compare(a.left(), b.left()));
        for (int i = 1; i < symbols.initialCount(); i++) {
            offer(queue, symbols, i - 1);
        }
        while (!queue.isEmpty()) {
            Bigram bigram = queue.poll();
            int left = bigram.left();
            int right = bigram.right();
            if (symbols.length(left) == 0 || symbols.length(right) == 0
                    || symbols.length(left) + symbols.length(right) != bigram.length()) {
                continue; // one side has been merged into something else since
            }
            symbols.mergeWithNext(left);
            offer(queue, symbols, symbols.previous(left));
            offer(queue, symbols, left);
        }
        for (int i = symbols.first(); i != -1; i = symbols.next(i)) {
            String symbol = symbols.text(i);
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

    /** Queues the pair of {@code left} and the symbol after it, if their text is a token. */
    private void offer(PriorityQueue<Bigram> queue, SymbolChain symbols, int left) {
        if (left == -1 || symbols.next(left) == -1) {
            return;
        }
        String merged = symbols.textWithNext(left);
        int id = vocabulary.id(merged);
        if (id != Tokenizer.NONE) {
            queue.add(new Bigram(left, symbols.next(left), vocabulary.score(id), merged.length()));
        }
    }
}
