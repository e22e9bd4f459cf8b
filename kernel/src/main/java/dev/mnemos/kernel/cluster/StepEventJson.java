package dev.mnemos.kernel.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.mnemos.kernel.event.StepEvent;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** A {@link StepEvent} as one line of JSON between nodes: {@code {"type": "Committed", "event": {...}}}. */
public final class StepEventJson {

    private static final ObjectMapper JSON = new ObjectMapper();
    @SuppressWarnings("unchecked")
    private static final Map<String, Class<? extends StepEvent>> TYPES = Arrays.stream(StepEvent.class.getPermittedSubclasses())
            .map(c -> (Class<? extends StepEvent>) c)
            .collect(Collectors.toUnmodifiableMap(Class::getSimpleName, Function.identity()));

    private StepEventJson() {}

    public static String write(StepEvent event) {
        ObjectNode node = JSON.createObjectNode().put("type", event.getClass().getSimpleName());
        node.set("event", JSON.valueToTree(event));
        return node.toString();
    }

    /** @throws IllegalArgumentException when {@code json} is not an event this kernel knows */
    public static StepEvent read(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            Class<? extends StepEvent> type = TYPES.get(node.path("type").asText());
            if (type == null) {
                throw new IllegalArgumentException("not a step event type: " + node.path("type"));
            }
            return JSON.treeToValue(node.path("event"), type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a step event: " + e.getOriginalMessage(), e);
        }
    }
}
