package dev.mnemos.cli.serve;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.mnemos.kernel.event.StepEvent;

/**
 * One {@link StepEvent} as JSON: {@code type} names the event ({@code started}, {@code token_delta},
 * {@code reasoning}, {@code assistant_message}, {@code tool_call}, {@code tool_result}, {@code usage},
 * {@code paged}, {@code step_limit}, {@code committed}, {@code cancelled}, {@code failed}); fields a
 * type lacks are left out.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StepEventBody(String type, String stepId, String origin, int depth, String text, String callId, String name,
                            String arguments, Boolean error, Integer inputTokens, Integer outputTokens, Integer windowTokens,
                            Boolean heartbeat, Boolean retrying) {

    public static StepEventBody of(StepEvent event) {
        var s = event.step();
        return switch (event) {
            case StepEvent.Started e -> new StepEventBody("started", s.stepId(), s.origin(), s.depth(), e.kind(), null, null, null, null, null, null, null, null, null);
            case StepEvent.TokenDelta e -> text("token_delta", e, e.text());
            case StepEvent.Reasoning e -> text("reasoning", e, e.text());
            case StepEvent.AssistantMessage e -> text("assistant_message", e, e.text());
            case StepEvent.ToolCallRequested e -> new StepEventBody("tool_call", s.stepId(), s.origin(), s.depth(), null, e.callId(), e.name(), e.arguments(), null, null, null, null, null, null);
            case StepEvent.ToolResult e -> new StepEventBody("tool_result", s.stepId(), s.origin(), s.depth(), e.content(), e.callId(), e.name(), null, e.error(), null, null, null, null, null);
            case StepEvent.Usage e -> new StepEventBody("usage", s.stepId(), s.origin(), s.depth(), null, null, null, null, null, e.inputTokens(), e.outputTokens(), e.windowTokens(), null, null);
            case StepEvent.Paged e -> new StepEventBody("paged", s.stepId(), s.origin(), s.depth(), null, null, null, null, null, null, null, e.windowTokensAfter(), e.pressure(), null);
            case StepEvent.StepLimitReached e -> new StepEventBody("step_limit", s.stepId(), s.origin(), s.depth(), Integer.toString(e.limit()), null, null, null, null, null, null, null, null, null);
            case StepEvent.Committed e -> new StepEventBody("committed", s.stepId(), s.origin(), s.depth(), null, null, null, null, null, null, null, null, e.heartbeat(), null);
            case StepEvent.Cancelled e -> new StepEventBody("cancelled", s.stepId(), s.origin(), s.depth(), null, null, null, null, null, null, null, null, null, null);
            case StepEvent.Failed e -> new StepEventBody("failed", s.stepId(), s.origin(), s.depth(), e.reason(), null, null, null, null, null, null, null, null, e.retrying());
        };
    }

    private static StepEventBody text(String type, StepEvent e, String text) {
        var s = e.step();
        return new StepEventBody(type, s.stepId(), s.origin(), s.depth(), text, null, null, null, null, null, null, null, null, null);
    }
}
