package dev.mnemos.inference.langchain4j;

import dev.langchain4j.exception.InvalidRequestException;

/**
 * A request whose rendered prompt leaves no room in the model's context to answer. Sending it again
 * cannot help: the caller has to shorten the conversation (the kernel evicts and summarizes).
 */
public final class PromptTooLongException extends InvalidRequestException {

    private final int promptTokens;
    private final int contextTokens;

    public PromptTooLongException(int promptTokens, int contextTokens) {
        super("prompt is too long: " + promptTokens + " tokens, and the model's context holds " + contextTokens
                + " with the answer");
        this.promptTokens = promptTokens;
        this.contextTokens = contextTokens;
    }

    /** The rendered prompt's tokens. */
    public int promptTokens() {
        return promptTokens;
    }

    /** Positions the model's context holds, prompt and answer together. */
    public int contextTokens() {
        return contextTokens;
    }
}
