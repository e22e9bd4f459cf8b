package dev.mnemos.inference.tokenizer;

import java.nio.charset.StandardCharsets;

/**
 * llama.cpp's SentencePiece tokenizer ({@code llm_tokenizer_spm}): start from single characters, repeatedly merge the
 * adjacent pair whose concatenation is the token of highest score (leftmost on a tie), then emit each symbol as its
 * token, or as byte tokens {@code <0xNN>} when it has none. The text arrives with spaces already escaped as ▁.
 */
final class SentencePieceEncoder {

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
        symbols.mergeAll(this::rank);
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

    /** Highest score first: the pair merges when its text is a token. */
    private double rank(SymbolChain symbols, int left) {
        int id = vocabulary.id(symbols.textWithNext(left));
        return id == Tokenizer.NONE ? Double.NaN : -vocabulary.score(id);
    }
}
