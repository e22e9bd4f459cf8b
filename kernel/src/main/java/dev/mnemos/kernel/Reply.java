package dev.mnemos.kernel;

import java.util.List;
import java.util.Objects;

/**
 * What the agent answered to one user message, once the steps that answered it are committed.
 *
 * @param interruptId the id the user message was delivered under
 * @param messages the messages for the user, in order; empty when the agent chose to say nothing
 * @param status how the chain of steps ended
 */
public record Reply(String interruptId, List<String> messages, Status status) {

    public enum Status {
        /** The chain of steps ran to its end and is committed. */
        ANSWERED,
        /** A step was cancelled; the message is recorded, the chain stopped. */
        CANCELLED,
        /** A step failed on every try; the message is recorded with the failure. */
        FAILED
    }

    public Reply {
        Objects.requireNonNull(interruptId, "interruptId");
        Objects.requireNonNull(status, "status");
        messages = List.copyOf(messages);
    }
}
