package dev.mnemos.cli.serve.letta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mnemos.agents.AgentRuntime;
import dev.mnemos.cli.LlmChoice;
import dev.mnemos.cli.serve.Agents;
import dev.mnemos.cli.serve.ErrorResponses;
import dev.mnemos.cli.serve.MessageResource;
import dev.mnemos.cli.serve.ServedMnemos;
import dev.mnemos.cli.serve.StepStream;
import dev.mnemos.cli.serve.letta.LettaBodies.LettaResponse;
import dev.mnemos.cli.serve.letta.LettaBodies.Message;
import dev.mnemos.cli.serve.letta.LettaBodies.MessageCreate;
import dev.mnemos.cli.serve.letta.LettaBodies.SendMessages;
import dev.mnemos.kernel.event.StepEvent;
import dev.mnemos.kernel.interrupt.Interrupt;
import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.recall.Role;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.mutiny.Multi;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Letta's {@code /v1/agents/{id}/messages}: send (the whole {@code LettaResponse}, or with
 * {@code "streaming": true} Server-Sent Events of messages, then {@code stop_reason},
 * {@code usage_statistics} and {@code [DONE]}), {@code /messages/stream}, and the history.
 */
@Path("/v1/agents/{id}/messages")
@Produces(MediaType.APPLICATION_JSON)
public class LettaMessageResource {

    @Inject
    ServedMnemos served;

    @Inject
    Agents agents;

    @Inject
    ObjectMapper json;

    @POST
    @Blocking
    @Consumes(MediaType.APPLICATION_JSON)
    public Response send(@PathParam("id") String id, SendMessages body) {
        if (body != null && Boolean.TRUE.equals(body.streaming())) {
            return stream(id, body);
        }
        AgentKey key = owned(id);
        List<StepEvent> events = StepStream.send(served.runtime().kernel(), key, message(body)).collect().asList().await().atMost(AgentRuntime.TIMEOUT);
        List<Message> messages = events.stream().map(e -> LettaMessages.of(e, false)).flatMap(Optional::stream).toList();
        return Response.ok(new LettaResponse(messages, LettaMessages.stopReason(events), LettaMessages.usage(events))).build();
    }

    @POST
    @Path("/stream")
    @Blocking
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.SERVER_SENT_EVENTS, MediaType.APPLICATION_JSON})
    public Response stream(@PathParam("id") String id, SendMessages body) {
        AgentKey key = owned(id);
        boolean tokens = body != null && Boolean.TRUE.equals(body.streamTokens());
        Multi<StepEvent> events = StepStream.send(served.runtime().kernel(), key, message(body));
        StreamingOutput output = out -> {
            List<StepEvent> seen = new ArrayList<>();
            events.subscribe().asStream().forEach(e -> {
                seen.add(e);
                LettaMessages.of(e, tokens).ifPresent(m -> write(out, m));
            });
            write(out, LettaMessages.stopReason(seen));
            write(out, LettaMessages.usage(seen));
            out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
            out.flush();
        };
        return Response.ok(output).type(MediaType.SERVER_SENT_EVENTS).build();
    }

    /** The conversation, a cursor page at a time ({@link MessagePages}); newest first unless {@code order=asc}. */
    @GET
    public List<Message> history(@PathParam("id") String id, @QueryParam("limit") @DefaultValue("100") int limit,
                                 @QueryParam("before") String before, @QueryParam("after") String after,
                                 @QueryParam("order") @DefaultValue("desc") String order) {
        AgentKey key = agents.owned(id);
        return new MessagePages(served.store().recall(), key).page(before, after, limit, order).stream()
                .map(m -> LettaMessages.message(m.id(), m.createdAt().toString(), m.role() == Role.USER ? "user_message" : "assistant_message", m.stepId(), m.content()))
                .toList();
    }

    private void write(OutputStream out, Object event) {
        try {
            out.write(("data: " + json.writeValueAsString(event) + "\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private AgentKey owned(String id) {
        AgentKey key = agents.owned(id);
        if (served.llm().isEmpty()) {
            throw new ErrorResponses.Unavailable(LlmChoice.HOW_TO_CONFIGURE);
        }
        return key;
    }

    /** The user's message: its text ({@link #text}) under the {@code otid} of its first user message that has one. */
    private static Interrupt.UserMessage message(SendMessages body) {
        String otid = body == null || body.messages() == null ? null : body.messages().stream()
                .filter(m -> (m.role() == null || m.role().equals("user")) && m.otid() != null)
                .map(MessageCreate::otid).findFirst().orElse(null);
        return MessageResource.userMessage(otid, text(body));
    }

    /** The user's text: the user messages' contents joined, else {@code input}. */
    private static String text(SendMessages body) {
        StringBuilder text = new StringBuilder();
        if (body != null && body.messages() != null) {
            for (MessageCreate m : body.messages()) {
                if (m.role() == null || m.role().equals("user")) {
                    append(text, m.content());
                }
            }
        }
        if (text.isEmpty() && body != null) {
            append(text, body.input());
        }
        if (text.isEmpty()) {
            throw new IllegalArgumentException("give {\"messages\": [{\"role\": \"user\", \"content\": \"...\"}]} or {\"input\": \"...\"}");
        }
        return text.toString();
    }

    private static void append(StringBuilder text, JsonNode content) {
        if (content == null || content.isNull()) {
            return;
        }
        if (!text.isEmpty()) {
            text.append('\n');
        }
        if (content.isTextual()) {
            text.append(content.asText());
        } else if (content.isArray()) {
            content.forEach(part -> text.append(part.path("text").asText()));
        } else {
            throw new IllegalArgumentException("message content must be a string or an array of text parts");
        }
    }
}
