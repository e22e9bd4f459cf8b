package dev.mnemos.kernel.interrupt;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mnemos.memory.agent.QueuedInterrupt;
import java.time.Instant;

/** Writes interrupts to the persisted queue's form ({@link QueuedInterrupt}: a kind and a JSON payload) and reads them back. */
public final class InterruptCodec {

    private static final ObjectMapper JSON = new ObjectMapper();

    private InterruptCodec() {}

    /** The kind name stored beside the payload. */
    public static String kind(Interrupt interrupt) {
        return switch (interrupt) {
            case Interrupt.UserMessage u -> "user_message";
            case Interrupt.ExternalEvent e -> "external_event";
            case Interrupt.Timer t -> "timer";
            case Interrupt.Schedule s -> "schedule";
            case Interrupt.ToolCompletion c -> "tool_completion";
            case Interrupt.Heartbeat h -> "heartbeat";
            case Interrupt.MemoryPressure p -> "memory_pressure";
        };
    }

    /** Produces the queued form; an interrupt without a due time is due at {@code now}. */
    public static QueuedInterrupt encode(Interrupt interrupt, Instant now) {
        ObjectNode payload = JSON.createObjectNode();
        switch (interrupt) {
            case Interrupt.UserMessage u -> payload.put("text", u.text());
            case Interrupt.ExternalEvent e -> payload.put("source", e.source()).put("text", e.text());
            case Interrupt.Timer t -> payload.put("note", t.note());
            case Interrupt.Schedule s -> payload.put("name", s.name()).put("note", s.note()).put("recurrence", s.recurrence().text());
            case Interrupt.ToolCompletion c -> payload.put("toolCallId", c.toolCallId()).put("toolName", c.toolName()).put("result", c.result());
            case Interrupt.Heartbeat h -> payload.put("origin", h.origin()).put("depth", h.depth()).put("reason", h.reason());
            case Interrupt.MemoryPressure p -> payload.put("percent", p.percent());
        }
        Instant due = interrupt.dueAt() == null ? now : interrupt.dueAt();
        return new QueuedInterrupt(interrupt.id(), kind(interrupt), payload.toString(), due, now);
    }

    /**
     * Reads a queued interrupt back.
     *
     * @throws IllegalArgumentException for an unknown kind or a payload this codec did not write
     */
    public static Interrupt decode(QueuedInterrupt queued) {
        JsonNode p;
        try {
            p = JSON.readTree(queued.payload());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("interrupt " + queued.id() + " has a payload that is not JSON", e);
        }
        String id = queued.id();
        Instant due = queued.dueAt();
        return switch (queued.kind()) {
            case "user_message" -> new Interrupt.UserMessage(id, text(p, "text"), due);
            case "external_event" -> new Interrupt.ExternalEvent(id, text(p, "source"), text(p, "text"), due);
            case "timer" -> new Interrupt.Timer(id, text(p, "note"), due);
            case "schedule" -> new Interrupt.Schedule(id, text(p, "name"), text(p, "note"), Recurrence.parse(text(p, "recurrence")), due);
            case "tool_completion" -> new Interrupt.ToolCompletion(id, text(p, "toolCallId"), text(p, "toolName"), text(p, "result"), due);
            case "heartbeat" -> new Interrupt.Heartbeat(id, text(p, "origin"), p.path("depth").asInt(1), text(p, "reason"), due);
            case "memory_pressure" -> new Interrupt.MemoryPressure(id, p.path("percent").asInt(), due);
            default -> throw new IllegalArgumentException("interrupt " + id + " is of unknown kind '" + queued.kind() + "'");
        };
    }

    private static String text(JsonNode payload, String field) {
        JsonNode value = payload.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("interrupt payload lacks the text field '" + field + "': " + payload);
        }
        return value.asText();
    }
}
