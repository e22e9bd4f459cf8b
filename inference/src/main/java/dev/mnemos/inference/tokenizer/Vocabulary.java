package dev.mnemos.inference.tokenizer;

import java.util.HashMap;
import java.util.Map;

/**
 * The tokens of a model: text, SentencePiece score and llama.cpp's attributes per id, and the id of each text.
 * Attributes are a bit set because llama.cpp adds CONTROL to a NORMAL token whose text marks an end of turn.
 */
final class Vocabulary {

    static final int UNDEFINED = 1;
    static final int UNKNOWN = 1 << 1;
    static final int UNUSED = 1 << 2;
    static final int NORMAL = 1 << 3;
    static final int CONTROL = 1 << 4;
    static final int USER_DEFINED = 1 << 5;
    static final int BYTE = 1 << 6;

    private final String[] tokens;
    private final float[] scores;
    private final int[] attributes;
    private final Map<String, Integer> ids;

    Vocabulary(String[] tokens, float[] scores, int[] attributes) {
        this.tokens = tokens;
        this.scores = scores;
        this.attributes = attributes;
        this.ids = HashMap.newHashMap(tokens.length);
        for (int id = 0; id < tokens.length; id++) {
            Integer previous = ids.putIfAbsent(tokens[id], id);
            if (previous != null) {
                throw new IllegalArgumentException("duplicate token '" + tokens[id] + "' has ids " + previous
                        + " and " + id);
            }
        }
    }

    /** llama.cpp's attribute for a {@code tokenizer.ggml.token_type} value (llama_token_type). */
    static int attributeOf(int tokenType) {
        return switch (tokenType) {
            case 1 -> NORMAL;
            case 2 -> UNKNOWN;
            case 3 -> CONTROL;
            case 4 -> USER_DEFINED;
            case 5 -> UNUSED;
            case 6 -> BYTE;
            default -> UNDEFINED;
        };
    }

    int size() {
        return tokens.length;
    }

    String text(int id) {
        return tokens[id];
    }

    float score(int id) {
        return scores[id];
    }

    boolean has(int id, int attribute) {
        return (attributes[id] & attribute) != 0;
    }

    void add(int id, int attribute) {
        attributes[id] |= attribute;
    }

    /** The id of a token's text, or {@link Tokenizer#NONE}. */
    int id(String text) {
        Integer id = ids.get(text);
        return id == null ? Tokenizer.NONE : id;
    }
}
