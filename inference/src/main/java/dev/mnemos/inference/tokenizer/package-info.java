/**
 * Tokenizers built from a GGUF file's {@code tokenizer.*} metadata, giving the ids llama.cpp gives: SentencePiece
 * ({@code tokenizer.ggml.model = llama}, with byte fallback) and byte-level BPE ({@code gpt2}, with the {@code gpt-2},
 * {@code llama3}/{@code llama-bpe}, {@code qwen2} and {@code default} pre-tokenizers), special and user-defined tokens,
 * BOS/EOS defaults per model, end-of-generation tokens, and decoding with llama.cpp's space rules. Start at
 * {@link dev.mnemos.inference.tokenizer.Tokenizer#fromGguf}.
 */
package dev.mnemos.inference.tokenizer;
