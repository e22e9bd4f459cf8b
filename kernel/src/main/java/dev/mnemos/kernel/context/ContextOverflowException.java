package dev.mnemos.kernel.context;

import java.util.List;
import java.util.Locale;

/**
 * The main context does not fit the model even after eviction: the step fails for good (a retry would
 * send the same prompt). {@link #reported} recognizes the model's own "prompt too long" refusal, which
 * is what makes the kernel evict before it gives up.
 */
public final class ContextOverflowException extends RuntimeException {

    /**
     * How models say a prompt is over their context: mnemos' local model and Anthropic ("prompt is too
     * long"), OpenAI and vLLM ("maximum context length", {@code context_length_exceeded}), llama.cpp's
     * server ("exceeds the available context size").
     */
    private static final List<String> REFUSALS = List.of("prompt is too long", "maximum context length",
            "context_length_exceeded", "exceeds the available context size", "context window exceeded");

    public ContextOverflowException(String message, Throwable cause) {
        super(message, cause);
    }

    /** True when {@code failure}, or one of its causes, is a model's refusal of an over-long prompt. */
    public static boolean reported(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ContextOverflowException) {
                return true;
            }
            String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
            if (REFUSALS.stream().anyMatch(message::contains)) {
                return true;
            }
        }
        return false;
    }
}
