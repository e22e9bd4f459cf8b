package dev.mnemos.inference.generation;

import dev.mnemos.inference.cuda.AttentionMode;
import dev.mnemos.inference.cuda.CudaContext;
import dev.mnemos.inference.cuda.CudaDevice;
import dev.mnemos.inference.cuda.CudaTransformer;
import dev.mnemos.inference.model.Model;
import dev.mnemos.inference.tokenizer.Tokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Completion on the CUDA backend for one sequence: the model's weights and KV cache on the GPU, the prompt run in
 * tiles of 8 tokens, each step's logits read back for the host's sampler (so every sampling option works as on the CPU).
 * Dense attention. Not thread-safe: the CUDA context is current on the thread that opened it.
 */
public final class CudaGeneration implements AutoCloseable {

    private final Model model;
    private final Tokenizer tokenizer;
    private final CudaContext gpu;
    private final CudaTransformer transformer;
    private final int[] tokens;

    private CudaGeneration(Model model, CudaContext gpu, int contextLength) {
        this.model = model;
        this.tokenizer = Tokenizer.fromGguf(model.file().metadata());
        this.gpu = gpu;
        int context = Math.min(contextLength, model.shape().contextLength());
        this.transformer = new CudaTransformer(gpu, model, context, 16, 0);
        this.tokens = new int[context];
    }

    /** Opens the model on the device (uploading its weights). */
    public static CudaGeneration open(Path file, CudaDevice device, int contextLength) throws IOException {
        Model model = Model.open(file);
        CudaContext gpu = null;
        try {
            gpu = CudaContext.open(device);
            return new CudaGeneration(model, gpu, contextLength);
        } catch (RuntimeException e) {
            if (gpu != null) gpu.close();
            model.close();
            throw e;
        }
    }

    public Tokenizer tokenizer() {
        return tokenizer;
    }

    /** Generates from the request's prompt in a fresh sequence, as {@link LocalModel#generate} does on the CPU. */
    public Completion generate(GenerationRequest request, Consumer<String> onText) {
        int[] prompt = request.prompt();
        if (prompt.length == 0 || prompt.length > tokens.length) {
            throw new IllegalArgumentException("the prompt has " + prompt.length + " tokens, the context holds 1 to " + tokens.length);
        }
        var sequence = new Decoding.Sequence() {
            int length;
            float[] logits;

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
                tokens[length] = token;
                logits = transformer.forward(token, length, AttentionMode.DENSE, true);
                length++;
            }

            /** The prompt in tiles of the prefill kernels, ending with its last token's logits. */
            void prefill(int[] prompt) {
                System.arraycopy(prompt, 0, tokens, 0, prompt.length);
                logits = transformer.prefill(prompt, 0, prompt.length, 0, true);
                length = prompt.length;
            }
        };
        sequence.prefill(prompt);
        return Decoding.run(sequence, tokenizer, request, 0, onText);
    }

    @Override
    public void close() {
        transformer.close();
        gpu.close();
        model.close();
    }
}
