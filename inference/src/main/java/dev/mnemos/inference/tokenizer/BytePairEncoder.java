package dev.mnemos.inference.tokenizer;

import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * llama.cpp's byte-level BPE ({@code llm_tokenizer_bpe}): pre-tokenize into words, write each word's UTF-8 bytes as
 * GPT-2 characters, then repeatedly merge the adjacent pair of lowest merge rank (leftmost on a tie) and emit each
 * symbol as its token. With {@code ignoreMerges} (Llama 3) a word that is a token is taken whole.
 */
final class BytePairEncoder {

    private record Bigram(int left, int right, int rank, int leftLength, int rightLength) {
    }

    private final Vocabulary vocabulary;
    private final PreTokenizer preTokenizer;
    private final boolean ignoreMerges;
    private final Map<String, Integer> ranks; // "left right" -> rank

    BytePairEncoder(Vocabulary vocabulary, String[] merges, PreTokenizer preTokenizer, boolean ignoreMerges) {
        this.vocabulary = vocabulary;
        this.preTokenizer = preTokenizer;
        this.ignoreMerges = ignoreMerges;
        this.ranks = HashMap.newHashMap(merges.length);
        for (int rank = 0; rank < merges.length; rank++) {
            ranks.putIfAbsent(merges[rank], rank); // llama.cpp's emplace keeps the first rank of a repeated merge
        }
    }

    void encode(String text, TokenIds out) {
        for (String word : preTokenizer.split(text)) {
            encodeWord(ByteLevel.encode(word), out);
        }
    }

    private void encodeWord(String word, TokenIds out) {
        if (ignoreMerges) {
            int id = vocabulary.id(word);
            if (id != Tokenizer.NONE) {
                out.add(id);
                return;
            }
        }
        var symbols = new SymbolChain(word); // one char per byte, all below U+0200
        var queue = new PriorityQueue<Bigram>((a, b) -> a.rank() != b.rank()
                ? Integer.compare(a.rank(), b.rank())
                : Integer.compare(a.left(), b.left()));
        for (int i = 1; i < symbols.initialCount(); i++) {
            offer(queue, symbols, i - 1);
        }
        while (!queue.isEmpty()) {
            Bigram bigram = queue.poll();
            int left = bigram.left();
            int right = bigram.right();
            if (symbols.length(left) != bigram.leftLength() || symbols.length(right) != bigram.rightLength()) {
                continue; // a side has changed since this pair was seen
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
                continue;
            }
            for (int j = 0; j < symbol.length(); j++) {
                int single = vocabulary.id(String.valueOf(symbol.charAt(j)));
                if (single != Tokenizer.NONE) {
                    out.add(single);
                }
            }
        }
    }

    /** Queues the pair of {@code left} and the symbol after it, if the merges list has it. */
    private void offer(PriorityQueue<Bigram> queue, SymbolChain symbols, int left) {
        if (left == -1 || symbols.next(left) == -1) {
            return;
        }
        int right = symbols.next(left);
        Integer rank = ranks.get(symbols.text(left) + ' ' + symbols.text(right));
        if (rank != null) {
            queue.add(new Bigram(left, right, rank, symbols.length(left), symbols.length(right)));
        }
    }
}
