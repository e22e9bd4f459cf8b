package dev.mnemos.inference.tokenizer;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * llama.cpp's byte-level BPE ({@code llm_tokenizer_bpe}): pre-tokenize into words, write each word's UTF-8 bytes as
 * GPT-2 characters, then repeatedly merge the adjacent pair of lowest merge rank (leftmost on a tie) and emit each
 * symbol as its token. With {@code ignoreMerges} (Llama 3) a word that is a token is taken whole.
 */
final class BytePairEncoder {

    private final Vocabulary vocabulary;
    private final PreTokenizer preTokenizer;
    private final boolean ignoreMerges;
    private final Map<String, Integer> ranks; // "left right" -> rank
    // words repeat in text: the ids of short words are kept, up to a bound, so common words are merged once
    private final Map<String, int[]> wordCache = new ConcurrentHashMap<>();
    private static final int CACHED_WORD_LENGTH = 32;
    private static final int CACHED_WORDS = 1 << 16;

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
            if (word.length() > CACHED_WORD_LENGTH) {
                encodeWord(ByteLevel.encode(word), out);
                continue;
            }
            int[] ids = wordCache.get(word);
            if (ids == null) {
                var wordIds = new TokenIds();
                encodeWord(ByteLevel.encode(word), wordIds);
                ids = wordIds.toArray();
                if (wordCache.size() >= CACHED_WORDS) {
                    wordCache.clear();
                }
                wordCache.put(word, ids);
            }
            for (int id : ids) {
                out.add(id);
            }
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
        symbols.mergeAll(this::rank);
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

    /** Lowest merge rank first: the pair merges when the merges list has it. */
    private double rank(SymbolChain symbols, int left) {
        Integer rank = ranks.get(symbols.text(left) + ' ' + symbols.text(symbols.next(left)));
        return rank == null ? Double.NaN : rank;
    }
}
