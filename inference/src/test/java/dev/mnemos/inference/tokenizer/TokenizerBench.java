package dev.mnemos.inference.tokenizer;

/**
 * Encoding speed of each shared vocabulary on about 100 kB of text: the best of three runs after a warm-up, in
 * milliseconds and MB/s. A command ({@code scripts/bench-tokenizer}), not a test: speed is no assertion.
 */
public final class TokenizerBench {

    static final String[] FILES = {"ggml-vocab-llama-spm.gguf", "ggml-vocab-llama-bpe.gguf", "ggml-vocab-qwen2.gguf", "ggml-vocab-gpt-2.gguf"};

    private TokenizerBench() {}

    public static void main(String[] args) {
        String text = TokenizerTest.hundredKilobytes();
        int bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        for (String file : FILES) {
            Tokenizer tokenizer = TokenizerTest.tokenizer(file);
            int[] ids = tokenizer.encode(text, false, true); // warms up the JIT
            long best = Long.MAX_VALUE;
            for (int run = 0; run < 3; run++) { // the best of three, since other work shares the machine
                long start = System.nanoTime();
                ids = tokenizer.encode(text, false, true);
                best = Math.min(best, System.nanoTime() - start);
            }
            System.out.printf("%s: %d bytes -> %d ids in %.1f ms (%.1f MB/s)%n", file, bytes, ids.length, best / 1e6, bytes / (best / 1e3));
        }
    }
}
