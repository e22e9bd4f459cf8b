package dev.mnemos.kernel.interrupt;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Something that wakes an agent (DESIGN.md, step 1). Delivering an interrupt means enqueueing it on
 * the agent's queue, where it is persisted before the delivery is acknowledged; a step consumes
 * one interrupt and acknowledges it in the step's commit.
 *
 * <p>Every interrupt has an {@link #id()} unique per agent: delivering the same id twice queues it
 * once, so a caller may retry a delivery it is unsure of. {@link #dueAt()} is when it may be
 * delivered; null means at once.
 */
public sealed interface Interrupt {

    String id();

    Instant dueAt();

    /** A message from the user, answered with {@code send_message}. */
    record UserMessage(String id, String text, Instant dueAt) implements Interrupt {
        public UserMessage {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(text, "text");
        }
    }

    /** Something that happened outside the conversation: a webhook, a file change, a system notice. */
    record ExternalEvent(String id, String source, String text, Instant dueAt) implements Interrupt {
        public ExternalEvent {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(text, "text");
        }
    }

    /** A one-shot timer: wakes the agent once at {@code dueAt} with its note. */
    record Timer(String id, String note, Instant dueAt) implements Interrupt {
        public Timer {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(note, "note");
            Objects.requireNonNull(dueAt, "dueAt");
        }
    }

    /**
     * A recurring timer: wakes the agent at {@code dueAt}, and the step that consumes it enqueues
     * the next occurrence of {@code recurrence} (in the same commit, so none is lost or doubled).
     *
     * @param name the schedule's name, stable across occurrences
     */
    record Schedule(String id, String name, String note, Recurrence recurrence, Instant dueAt) implements Interrupt {
        public Schedule {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(note, "note");
            Objects.requireNonNull(recurrence, "recurrence");
            Objects.requireNonNull(dueAt, "dueAt");
        }

        /** The first occurrence of a schedule after {@code now}. */
        public static Schedule first(String name, String note, Recurrence recurrence, Instant now) {
            return occurrence(name, note, recurrence, recurrence.next(now));
        }

        /** The occurrence after this one. */
        public Schedule next() {
            return occurrence(name, note, recurrence, recurrence.next(dueAt));
        }

        private static Schedule occurrence(String name, String note, Recurrence recurrence, Instant at) {
            return new Schedule(name + "@" + at.toEpochMilli(), name, note, recurrence, at);
        }
    }

    /** The result of a tool that was still running when its step ended (the agent was waiting on it). */
    record ToolCompletion(String id, String toolCallId, String toolName, String result, Instant dueAt) implements Interrupt {
        public ToolCompletion {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(toolCallId, "toolCallId");
            Objects.requireNonNull(toolName, "toolName");
            Objects.requireNonNull(result, "result");
        }
    }

    /**
     * Another step asked for by the LLM ({@code request_heartbeat}) or forced by the kernel after a
     * failed syscall.
     *
     * @param origin the id of the interrupt that started the chain
     * @param depth how many steps the chain has run so far (the step limit counts them)
     * @param reason why the step was chained, shown to the LLM
     */
    record Heartbeat(String id, String origin, int depth, String reason, Instant dueAt) implements Interrupt {
        public Heartbeat {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(origin, "origin");
            Objects.requireNonNull(reason, "reason");
            if (depth < 1) {
                throw new IllegalArgumentException("a heartbeat follows at least one step, got depth " + depth);
            }
        }
    }

    /**
     * The pager's warning: the main context passed the warning threshold.
     *
     * @param percent how full the window is, in percent of its token limit
     */
    record MemoryPressure(String id, int percent, Instant dueAt) implements Interrupt {
        public MemoryPressure {
            Objects.requireNonNull(id, "id");
        }
    }

    /** A user message with a fresh id, due at once. */
    static UserMessage userMessage(String text) {
        return new UserMessage(freshId(), text, null);
    }

    /** An external event with a fresh id, due at once. */
    static ExternalEvent externalEvent(String source, String text) {
        return new ExternalEvent(freshId(), source, text, null);
    }

    /** A one-shot timer with a fresh id. */
    static Timer timer(String note, Instant dueAt) {
        return new Timer(freshId(), note, dueAt);
    }

    private static String freshId() {
        return UUID.randomUUID().toString();
    }
}
