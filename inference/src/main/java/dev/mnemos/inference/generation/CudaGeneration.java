package dev.mnemos.inference.generation;

import dev.mnemos.inference.cuda.AttentionMode;
import dev.mnemos.inference.cuda.CudaContext;
import dev.mnemos.inference.cuda.CudaDevice;
import dev.mnemos.inference.cuda.CudaTransformer;
import dev.mnemos.inference.kv.KvPrecision;
import dev.mnemos.inference.model.Model;
import dev.mnemos.inference.tokenizer.Tokenizer;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Completion on the CUDA backend for one sequence: the model's weights and KV cache on the GPU, a prompt run in tiles
 * of 8 tokens, each step's logits read back for the host's sampler (so every sampling option works as on the CPU).
 * Dense attention. The device holds one sequence: a prompt that starts with the tokens it holds prefills only the
 * rest, as a CPU {@link Session} does, so a chat that re-sends its conversation each turn runs only the new turn. One
 * caller at a time, from any thread (the context is made current on each call). {@link LocalModel} runs it.
 */
final class CudaGeneration implements AutoCloseable {

    private final Tokenizer tokenizer;
    private final CudaContext gpu;
    private final CudaTransformer transformer;
    private final int[] tokens; // (context): ids whose KV the device holds, [0, length)
    private int length;

    private CudaGeneration(Model model, Tokenizer tokenizer, CudaContext gpu, int contextLength, KvPrecision precision) {
        this.tokenizer = tokenizer;
        this.gpu = gpu;
        int context = Math.min(contextLength, model.shape().contextLength());
        this.transformer = new CudaTransformer(gpu, model, context, 16, 0, precision);
        this.tokens = new int[context];
    }

    /** A device sequence for a model the caller opened and closes: its weights uploaded, a KV cache in {@code precision}. */
    static CudaGeneration on(Model model, Tokenizer tokenizer, CudaDevice device, int contextLength, KvPrecision precision) {
        CudaContext gpu = CudaContext.open(device);
        try {
            return new CudaGeneration(model, tokenizer, gpu, contextLength, precision);
        } catch (RuntimeException e) {
            gpu.close();
            throw e;
        }
    }

    public Tokenizer tokenizer() {
        return tokenizer;
    }

    /** Positions the device holds. */
    public int capacity() {
        return tokens.length;
    }

    /** The ids whose KV the device holds. */
    public synchronized int[] tokens() {
        return Arrays.copyOf(tokens, length);
    }

    /**
     * Generates from the request's prompt, as {@link LocalModel#generate} does on the CPU, reusing the longest prefix
     * the device holds (all but the last prompt token at most, whose logits the sampler needs).
     */
    public synchronized Completion generate(GenerationRequest request, Consumer<String> onText) {
        int[] prompt = request.prompt();
        if (prompt.length == 0 || prompt.length > tokens.length) {
            throw new IllegalArgumentException("the prompt has " + prompt.length + " tokens, the context holds 1 to " + tokens.length);
        }
        gpu.bind();
        int common = commonPrefix(prompt);
        length = common; // the positions past it are written again before any step reads them
        float[] last = transformer.prefill(prompt, common, prompt.length - common, common, true);
        System.arraycopy(prompt, common, tokens, common, prompt.length - common);
        length = prompt.length;
        var sequence = new Decoding.Sequence() {
            float[] logits = last;

            @Override
            public float[] logits() {
                return logits;
            }

            @Override
            public int[] history() {
                return tokens;
            }

            @Override
            public int length() {
                return length;
            }

            @Override
            public int capacity() {
                return tokens.length;
            }

            @Override
            public void append(int token) {
                logits = transformer.forward(token, length, AttentionMode.DENSE, true);
                tokens[length++] = token;
            }
        };
        return Decoding.run(sequence, tokenizer, request, common, onText);
    }

    /** How many leading tokens of the prompt the device holds, all but its last at most. */
    private int commonPrefix(int[] prompt) {
        int common = 0;
        int limit = Math.min(length, prompt.length - 1);
        while (common < limit && tokens[common] == prompt[common]) common++;
        return common;
    }

    @Override
    public synchronized void close() {
        gpu.bind();
        transformer.close();
        gpu.close();
    }
}
