package dev.mnemos.kernel;

import dev.mnemos.kernel.event.StepEvent;
import java.util.ArrayList;
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

    /**
     * Produces the reply that the events of one message's chain of steps make ({@link Kernel#stream}):
     * the assistant messages of its committed steps, and how the chain ended. Events without an end
     * (a repeat of a message already answered: none at all) make an answered reply.
     */
    public static Reply of(String interruptId, List<StepEvent> chain) {
        List<String> pending = new ArrayList<>();
        List<String> replies = new ArrayList<>();
        Status status = Status.ANSWERED;
        for (StepEvent event : chain) {
            switch (event) {
                case StepEvent.AssistantMessage m -> pending.add(m.text());
                case StepEvent.Committed c -> {
                    replies.addAll(pending);
                    pending.clear();
                }
                case StepEvent.Cancelled c -> status = Status.CANCELLED;
                case StepEvent.Failed f when !f.retrying() -> status = Status.FAILED;
                case StepEvent.Failed f -> pending.clear();
                default -> { }
            }
        }
        return new Reply(interruptId, replies, status);
    }
}
