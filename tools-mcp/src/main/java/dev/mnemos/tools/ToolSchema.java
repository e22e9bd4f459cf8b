package dev.mnemos.tools;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.langchain4j.internal.JsonSchemaElementUtils;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonRawSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The JSON Schema of a tool's arguments, kept as the JSON object it is ({@code {"type":"object",
 * "properties":{...}, "required":[...]}}), the form MCP servers send and LLM providers receive.
 *
 * <p>A {@code ToolSchema} may be malformed: {@link ToolRegistry#register} checks it with {@link
 * ToolSchemaRules} and refuses the tool if it is. A class, not a record, because it keeps the schema compiled for
 * {@link #violationsOf} once it was first needed.
 */
public final class ToolSchema {

    private static final ObjectMapper JSON = new ObjectMapper();
    // a schema that names no dialect ($schema) is read as JSON Schema 2020-12, the dialect of MCP's specification
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    private final Map<String, Object> json;
    private volatile JsonSchema compiled;

    /** @param json the schema as a JSON object; must not be {@code null} */
    public ToolSchema(Map<String, Object> json) {
        this.json = Collections.unmodifiableMap(requireNonNull(json, "json"));
    }

    /** The schema as a JSON object (unmodifiable). */
    public Map<String, Object> json() {
        return json;
    }

    /** The schema of a tool without arguments. */
    public static ToolSchema noArguments() {
        return new ToolSchema(Map.of("type", "object", "properties", Map.of()));
    }

    /** Reads a schema from its JSON text; fails with {@link IllegalArgumentException} on text that is no JSON object. */
    @SuppressWarnings("unchecked")
    public static ToolSchema parse(String jsonText) {
        try {
            return new ToolSchema(JSON.readValue(jsonText, LinkedHashMap.class));
        } catch (JsonProcessingException | RuntimeException e) {
            throw new IllegalArgumentException("a tool schema must be a JSON object: " + e.getMessage(), e);
        }
    }

    /** The schema LangChain4j derived (from {@code @Tool} parameters, say); {@code null} means no arguments. */
    public static ToolSchema from(JsonObjectSchema parameters) {
        if (parameters == null) {
            return noArguments();
        }
        var json = new LinkedHashMap<>(JsonSchemaElementUtils.toMap(parameters));
        if (parameters.additionalProperties() != null) {
            json.put("additionalProperties", parameters.additionalProperties());
        }
        return new ToolSchema(json);
    }

    /**
     * This schema as LangChain4j's parameters of a {@code ToolSpecification}. Each property travels as a {@link
     * JsonRawSchema}, so nothing of the original schema is lost on the way to the LLM provider.
     */
    @SuppressWarnings("unchecked")
    public JsonObjectSchema toParameters() {
        var builder = JsonObjectSchema.builder();
        if (json.get("description") instanceof String description) {
            builder.description(description);
        }
        if (json.get("properties") instanceof Map<?, ?> properties) {
            properties.forEach((name, property) -> builder.addProperty((String) name, raw(property)));
        }
        if (json.get("required") instanceof List<?> required) {
            builder.required((List<String>) required);
        }
        if (json.get("additionalProperties") instanceof Boolean additional) {
            builder.additionalProperties(additional);
        }
        var definitions = json.containsKey("$defs") ? json.get("$defs") : json.get("definitions");
        if (definitions instanceof Map<?, ?> defs) {
            var elements = new LinkedHashMap<String, JsonSchemaElement>();
            defs.forEach((name, definition) -> elements.put((String) name, raw(definition)));
            builder.definitions(elements);
        }
        return builder.build();
    }

    /**
     * Checks arguments against this schema.
     *
     * @return empty when they conform, else a message that says what is wrong, for the LLM to read
     */
    public Optional<String> violationsOf(Map<String, Object> arguments) {
        JsonSchema schema;
        try {
            schema = compiled();
        } catch (RuntimeException unusable) {
            return Optional.of("the tool's schema cannot be applied: " + unusable.getMessage());
        }
        var messages = schema.validate(JSON.valueToTree(arguments));
        if (messages.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(messages.stream().map(ValidationMessage::getMessage).sorted().collect(Collectors.joining("; ")));
    }

    /** This schema as JSON text. */
    public String toJson() {
        return write(json);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ToolSchema that && json.equals(that.json);
    }

    @Override
    public int hashCode() {
        return json.hashCode();
    }

    @Override
    public String toString() {
        return "ToolSchema" + json;
    }

    private JsonSchema compiled() {
        var schema = compiled;
        if (schema == null) {
            schema = SCHEMAS.getSchema(JSON.valueToTree(json));
            compiled = schema;
        }
        return schema;
    }

    private static JsonRawSchema raw(Object schema) {
        return JsonRawSchema.from(write(schema));
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
