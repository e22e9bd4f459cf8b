package dev.mnemos.inference.generation;

import dev.mnemos.inference.sampling.Sampler;
import dev.mnemos.inference.tokenizer.Tokenizer;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The generation loop every backend shares: sample from the last logits, stop at an end-of-generation token, a stop
 * string, the token budget or a full context, else run the token and go on. What runs a token is the backend's
 * ({@link Sequence}): a CPU session, or the CUDA backend's device step.
 */
final class Decoding {

    /** One sequence on some backend, its prompt already run. */
    interface Sequence {
        /** Logits of the last token run (the sampler may modify them). */
        float[] logits();

        /** Tokens so far, valid up to {@link #length()}. */
        int[] history();

        int length();

        int capacity();

        /** Runs one more token at the end. */
        void append(int token);
    }

    private Decoding() {}

    static Completion run(Sequence sequence, Tokenizer tokenizer, GenerationRequest request, int reused, Consumer<String> onText) {
        Sampler sampler = new Sampler(request.sampler(), sequence.logits().length);
        TextStream text = new TextStream(request.stopStrings(), onText);
        int[] generated = new int[request.maxTokens()];
        int count = 0;
        FinishReason reason = FinishReason.LENGTH;
        while (count < request.maxTokens()) {
            int token = sampler.sample(sequence.logits(), sequence.history(), sequence.length());
            if (tokenizer.isEndOfGeneration(token)) {
                reason = FinishReason.END_OF_GENERATION;
                break;
            }
            generated[count++] = token;
            if (text.add(tokenizer.piece(token, false))) {
                reason = FinishReason.STOP_STRING;
                break;
            }
            if (count == request.maxTokens()) {
                break;
            }
            if (sequence.length() == sequence.capacity()) {
                reason = FinishReason.CONTEXT_FULL;
                break;
            }
            sequence.append(token);
        }
        text.finish();
        return new Completion(Arrays.copyOf(generated, count), text.text(), reason, request.prompt().length, reused);
    }
}
