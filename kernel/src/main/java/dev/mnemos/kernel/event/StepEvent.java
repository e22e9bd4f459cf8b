package dev.mnemos.kernel.event;

/**
 * What a step does, as the CLI and the server render it. A step emits, in this order:
 * {@link Started}; while the model answers, {@link TokenDelta}s (streaming models only); then
 * {@link Reasoning}, {@link AssistantMessage} and, per call, {@link ToolCallRequested} followed by its
 * {@link ToolResult}; {@link Usage}; {@link Paged} when the pager acted; {@link StepLimitReached} when a
 * heartbeat was refused; and last exactly one of {@link Committed}, {@link Cancelled} or {@link Failed}.
 * Nothing before {@link Committed} is durable yet.
 */
public sealed interface StepEvent {

    StepRef step();

    /** The step began, for an interrupt of {@code kind}. */
    record Started(StepRef step, String kind) implements StepEvent {}

    /** A piece of the model's answer as it streams. */
    record TokenDelta(StepRef step, String text) implements StepEvent {}

    /** The model's inner thoughts: its thinking, or text it wrote beside tool calls. */
    record Reasoning(StepRef step, String text) implements StepEvent {}

    /** A message for the user (through {@code send_message}, or the plain text of an answer without tool calls). */
    record AssistantMessage(StepRef step, String text) implements StepEvent {}

    /** The model asked for a syscall. */
    record ToolCallRequested(StepRef step, String callId, String name, String arguments) implements StepEvent {}

    /** A syscall answered; {@code error} when it was refused or failed. */
    record ToolResult(StepRef step, String callId, String name, String content, boolean error) implements StepEvent {}

    /** Tokens of the step: what the model reported (null when it reports none) and the window the kernel counted. */
    record Usage(StepRef step, Integer inputTokens, Integer outputTokens, int windowTokens) implements StepEvent {}

    /** The pager acted: it raised memory pressure, or evicted messages into the recursive summary. */
    record Paged(StepRef step, boolean pressure, int evictedMessages, int windowTokensAfter) implements StepEvent {}

    /** The chain ran {@code limit} steps; the heartbeat it asked for was refused and the agent was told. */
    record StepLimitReached(StepRef step, int limit) implements StepEvent {}

    /** Everything the step produced is durable; {@code heartbeat} when another step of the chain follows. */
    record Committed(StepRef step, boolean heartbeat) implements StepEvent {}

    /** The step was cancelled; its interrupt is consumed and the cancellation recorded. */
    record Cancelled(StepRef step) implements StepEvent {}

    /** The step failed; {@code retrying} when its interrupt stays queued for another try. */
    record Failed(StepRef step, String reason, boolean retrying) implements StepEvent {}

    /** True for the event that ends a step. */
    default boolean ends() {
        return this instanceof Committed || this instanceof Cancelled || this instanceof Failed;
    }
}
