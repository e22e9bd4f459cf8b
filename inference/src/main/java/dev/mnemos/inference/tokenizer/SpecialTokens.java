package dev.mnemos.inference.tokenizer;

import java.util.Set;

/**
 * The special tokens of a vocabulary and when they are added, as llama.cpp settles them from defaults per model,
 * {@code tokenizer.ggml.*} keys and token texts. Ids are {@link Tokenizer#NONE} when absent.
 */
record SpecialTokens(
        int bos,
        int eos,
        int eot,
        int eom,
        int unknown,
        int padding,
        Set<Integer> endOfGeneration,
        boolean addBos,
        boolean addEos) {

    SpecialTokens {
        endOfGeneration = Set.copyOf(endOfGeneration);
    }
}
