package dev.mnemos.cli.serve.letta;

import dev.mnemos.cli.serve.letta.LettaBodies.Message;
import dev.mnemos.cli.serve.letta.LettaBodies.StopReason;
import dev.mnemos.cli.serve.letta.LettaBodies.ToolCall;
import dev.mnemos.cli.serve.letta.LettaBodies.Usage;
import dev.mnemos.kernel.event.StepEvent;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Step events as Letta's messages: a message for the user is an {@code assistant_message}, inner
 * thoughts a {@code reasoning_message}, a syscall a {@code tool_call_message} and its answer a
 * {@code tool_return_message}. With {@code stream_tokens}, token deltas become
 * {@code assistant_message} chunks sharing one id per step (and the whole message is not repeated).
 */
final class LettaMessages {

    private LettaMessages() {}

    static Optional<Message> of(StepEvent event, boolean tokens) {
        var step = event.step();
        String date = Instant.now().toString();
        return Optional.ofNullable(switch (event) {
            case StepEvent.TokenDelta d when tokens -> message(id(step.stepId(), "assistant"), date, "assistant_message", step.stepId(), d.text());
            case StepEvent.AssistantMessage a when !tokens -> message(id(step.stepId(), "assistant"), date, "assistant_message", step.stepId(), a.text());
            case StepEvent.Reasoning r -> new Message(id(step.stepId(), "reasoning"), date, "reasoning_message", step.stepId(), null, r.text(), null, null, null, null, null);
            case StepEvent.ToolCallRequested c -> new Message(id(step.stepId(), c.callId()), date, "tool_call_message", step.stepId(), null, null,
                    new ToolCall(c.name(), c.arguments(), c.callId()), null, null, null, null);
            case StepEvent.ToolResult t -> new Message(id(step.stepId(), "return-" + t.callId()), date, "tool_return_message", step.stepId(), null, null, null,
                    t.content(), t.callId(), t.error() ? "error" : "success", t.name());
            default -> null;
        });
    }

    static Message message(String id, String date, String type, String stepId, String content) {
        return new Message(id, date, type, stepId, content, null, null, null, null, null, null);
    }

    static StopReason stopReason(List<StepEvent> events) {
        // No events: a message sent again under its otid, whose steps are over (the first answer carried them).
        String reason = events.isEmpty() ? "end_turn" : switch (events.getLast()) {
            case StepEvent.Committed c -> "end_turn";
            case StepEvent.Cancelled c -> "cancelled";
            default -> "error";
        };
        return new StopReason("stop_reason", reason);
    }

    static Usage usage(List<StepEvent> events) {
        int in = 0;
        int out = 0;
        int steps = 0;
        for (StepEvent e : events) {
            if (e instanceof StepEvent.Usage u) {
                in += u.inputTokens() == null ? 0 : u.inputTokens();
                out += u.outputTokens() == null ? 0 : u.outputTokens();
            }
            if (e instanceof StepEvent.Started) {
                steps++;
            }
        }
        return new Usage("usage_statistics", out, in, in + out, steps);
    }

    private static String id(String stepId, String part) {
        return "message-" + stepId + "-" + part;
    }
}
