package dev.mnemos.inference.generation;

/** Why a generation ended. */
public enum FinishReason {
    /** The model produced an end-of-generation token (EOS, EOT, ...). */
    END_OF_GENERATION,
    /** The text reached one of the request's stop strings (left out of the text). */
    STOP_STRING,
    /** {@code maxTokens} were generated. */
    LENGTH,
    /** The session's context is full. */
    CONTEXT_FULL
}
