package dev.mnemos.cli.serve;

import dev.mnemos.agents.AgentRuntime;
import dev.mnemos.cli.LlmChoice;
import dev.mnemos.cli.serve.Bodies.SendMessage;
import dev.mnemos.cli.serve.Bodies.Sent;
import dev.mnemos.kernel.event.StepEvent;
import dev.mnemos.kernel.interrupt.Interrupt;
import dev.mnemos.memory.AgentKey;
import io.smallrye.mutiny.Multi;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.regex.Pattern;
import org.jboss.resteasy.reactive.RestStreamElementType;

/**
 * {@code /api/agents/{id}/messages}: send a message and get the steps back, at once or streamed as
 * Server-Sent Events (one JSON {@link StepEventBody} per {@code data:} line, token deltas included).
 */
@Path("/api/agents/{id}/messages")
@Consumes(MediaType.APPLICATION_JSON)
public class MessageResource {

    private static final Pattern MESSAGE_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    @Inject
    ServedMnemos served;

    @Inject
    Agents agents;

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    public Sent send(@PathParam("id") String id, SendMessage body) {
        List<StepEvent> events = stream(id, body).collect().asList().await().atMost(AgentRuntime.TIMEOUT);
        List<String> messages = events.stream()
                .filter(e -> e instanceof StepEvent.AssistantMessage)
                .map(e -> ((StepEvent.AssistantMessage) e).text())
                .toList();
        // No events: a message sent again under its id, whose chain of steps was over (the first send carried its answer).
        String status = events.isEmpty() ? "answered" : switch (events.getLast()) {
            case StepEvent.Committed c -> "answered";
            case StepEvent.Cancelled c -> "cancelled";
            default -> "failed";
        };
        String origin = events.isEmpty() ? null : events.getFirst().step().origin();
        return new Sent(origin, status, messages, events.stream().map(StepEventBody::of).toList());
    }

    @POST
    @Path("/stream")
    @Blocking
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<StepEventBody> sendStreaming(@PathParam("id") String id, SendMessage body) {
        return stream(id, body).map(StepEventBody::of);
    }

    private Multi<StepEvent> stream(String id, SendMessage body) {
        AgentKey key = agents.owned(id);
        if (body == null || body.text() == null || body.text().isBlank()) {
            throw new IllegalArgumentException("give {\"text\": \"...\"}");
        }
        if (served.llm().isEmpty()) {
            throw new ErrorResponses.Unavailable(LlmChoice.HOW_TO_CONFIGURE);
        }
        return StepStream.send(served.runtime().kernel(), key, userMessage(body.id(), body.text()));
    }

    /**
     * The user's message under the caller's id ({@code null} for a new one): a message sent again under its id is stored and answered once.
     *
     * @throws IllegalArgumentException when the id is not 1-128 letters, digits, '.', '_', ':' or '-'
     */
    public static Interrupt.UserMessage userMessage(String id, String text) {
        if (id == null) {
            return Interrupt.userMessage(text);
        }
        if (!MESSAGE_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("a message id is 1-128 letters, digits, '.', '_', ':' or '-'");
        }
        return new Interrupt.UserMessage(id, text, null);
    }
}
