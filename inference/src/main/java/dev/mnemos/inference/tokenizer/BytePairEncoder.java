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
        int n = word.length(); // one char per byte, all below U+0200
        int[] length = new int[n];
        int[] previous = new int[n];
        int[] next = new int[n];
        for (int i = 0; i < n; i++) {
            length[i] = 1;
            previous[i] = i - 1;
            next[i] = i + 1 < n ? i + 1 : -1;
        }
        var queue = new PriorityQueue<Bigram>((a, b) -> a.rank() != b.rank()
                ? Integer.compare(a.rank(), b.rank())
                : Integer.compare(a.left(), b.left()));
        for (int i = 1; i < n; i++) {
            offer(queue, word, length, i - 1, i);
        }
        while (!queue.isEmpty()) {
            Bigram bigram = queue.poll();
            int left = bigram.left();
            int right = bigram.right();
            if (length[left] != bigram.leftLength() || length[right] != bigram.rightLength()) {
                continue; // a side has changed since this pair was seen
            }
            length[left] += length[right];
            length[right] = 0;
            next[left] = next[right];
            if (next[right] >= 0) {
                previous[next[right]] = left;
            }
            offer(queue, word, length, previous[left], left);
            offer(queue, word, length, left, next[left]);
        }
        for (int i = 0; i != -1 && n > 0; i = next[i]) {
            int id = vocabulary.id(word.substring(i, i + length[i]));
            if (id != Tokenizer.NONE) {
                out.add(id);
                continue;
            }
            for (int j = i; j < i + length[i]; j++) {
                int single = vocabulary.id(String.valueOf(word.charAt(j)));
                if (single != Tokenizer.NONE) {
                    out.add(single);
                }
            }
        }
    }

    private void offer(PriorityQueue<Bigram> queue, String word, int[] length, int left, int right) {
        if (left == -1 || right == -1) {
            return;
        }
        String pair = word.substring(left, left + length[left]) + ' ' + word.substring(right, right + length[right]);
        Integer rank = ranks.get(pair);
        if (rank != null) {
            queue.add(new Bigram(left, right, rank, length[left], length[right]));
        }
    }
}
