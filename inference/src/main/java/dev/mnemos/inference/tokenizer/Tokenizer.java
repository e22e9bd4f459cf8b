package dev.mnemos.inference.tokenizer;

import dev.mnemos.inference.gguf.GgufMetadata;
import java.util.Set;

/**
 * Text to token ids and back, as llama.cpp's {@code llama_tokenize} / {@code llama_detokenize} do for the same GGUF
 * file: SentencePiece ({@code tokenizer.ggml.model = llama}) or byte-level BPE ({@code gpt2}, with the pre-tokenizer
 * named by {@code tokenizer.ggml.pre}). Thread-safe.
 */
public interface Tokenizer {

    /** Marks "no such token" in {@link #bos()}, {@link #eos()}, {@link #eot()}. */
    int NONE = -1;

    /**
     * Builds the tokenizer of a GGUF file from its {@code tokenizer.*} metadata.
     *
     * @throws dev.mnemos.inference.gguf.ModelFormatException if the metadata has no usable vocabulary, or names a
     *     tokenizer model or pre-tokenizer that is not supported
     */
    static Tokenizer fromGguf(GgufMetadata metadata) {
        return VocabularyLoader.load(metadata);
    }

    /**
     * The token ids of {@code text}.
     *
     * @param addSpecial   add BOS (and EOS) when the model asks for them ({@code add_bos_token}, {@code add_eos_token})
     * @param parseSpecial match control tokens written in the text, such as {@code <|im_start|>}; user-defined tokens
     *                     (Qwen's {@code <think>}) are matched either way, as in llama.cpp
     */
    int[] encode(String text, boolean addSpecial, boolean parseSpecial);

    /** {@code encode(text, true, false)}: what {@code llama-tokenize} gives by default. */
    default int[] encode(String text) {
        return encode(text, true, false);
    }

    /** The text of the ids, control tokens left out, UTF-8 decoded (an incomplete sequence becomes U+FFFD). */
    default String decode(int[] ids) {
        return decode(ids, false);
    }

    /**
     * The text of the ids, as llama.cpp's {@code llama_detokenize} gives it: {@code renderSpecial} writes control tokens
     * as their text; SentencePiece's leading space is dropped from the first token only, so after a BOS it stays
     * ({@code [BOS, ▁Hello]} gives {@code " Hello"}); BPE models that ask for it get llama.cpp's clean-up of spaces
     * before punctuation.
     */
    String decode(int[] ids, boolean renderSpecial);

    /**
     * The bytes one token stands for in generated text (llama.cpp's {@code token_to_piece}): for streaming, where a
     * multi-byte character may be split across tokens. Control tokens give no bytes unless {@code renderSpecial}.
     */
    byte[] piece(int id, boolean renderSpecial);

    /** The token as the vocabulary stores it, e.g. {@code ▁Hello} or {@code ĠHello}. */
    String tokenText(int id);

    int vocabularySize();

    int bos();

    int eos();

    /** End of turn ({@code <|eot_id|>}, {@code <|im_end|>}), or {@link #NONE}. */
    int eot();

    /** Every token that ends generation: EOS, EOT and the tokens llama.cpp recognises by their text. */
    Set<Integer> endOfGeneration();

    default boolean isEndOfGeneration(int id) {
        return endOfGeneration().contains(id);
    }

    /** Whether {@link #encode(String) encode} adds BOS. */
    boolean addsBos();
}
