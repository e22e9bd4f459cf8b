package dev.mnemos.kernel.syscall;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.model.chat.request.json.JsonAnyOfSchema;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonBooleanSchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonNullSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Checks a call's arguments against the JSON schema of its {@link dev.langchain4j.agent.tool.ToolSpecification}
 * before the syscall runs: required parameters, types (an integer is a JSON integer, not a string of
 * digits), enum values, array items, nested objects, and unknown parameters when the schema forbids
 * additional properties. Schema kinds it does not know (references, raw schemas) accept anything.
 */
public final class ArgumentCheck {

    private ArgumentCheck() {}

    /** Produces one line per problem found, each naming the parameter's path; empty when the arguments fit. */
    public static List<String> problems(JsonObjectSchema schema, JsonNode arguments) {
        List<String> problems = new ArrayList<>();
        check(schema, arguments, "", problems);
        return problems;
    }

    private static void check(JsonSchemaElement schema, JsonNode value, String path, List<String> problems) {
        String at = path.isEmpty() ? "the arguments" : "'" + path + "'";
        switch (schema) {
            case JsonObjectSchema o -> {
                if (!value.isObject()) {
                    problems.add(at + " must be an object, got " + kind(value));
                    return;
                }
                for (String required : o.required() == null ? List.<String>of() : o.required()) {
                    if (!value.has(required) || value.get(required).isNull()) {
                        problems.add("missing required parameter '" + join(path, required) + "'");
                    }
                }
                Map<String, JsonSchemaElement> properties = o.properties() == null ? Map.of() : o.properties();
                for (Iterator<Map.Entry<String, JsonNode>> it = value.properties().iterator(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> field = it.next();
                    JsonSchemaElement property = properties.get(field.getKey());
                    if (property == null) {
                        if (Boolean.FALSE.equals(o.additionalProperties())) {
                            problems.add("unknown parameter '" + join(path, field.getKey()) + "'; known: " + String.join(", ", properties.keySet()));
                        }
                    } else if (!field.getValue().isNull()) {
                        check(property, field.getValue(), join(path, field.getKey()), problems);
                    }
                }
            }
            case JsonStringSchema s -> expect(value.isTextual(), "a string", value, at, problems);
            case JsonIntegerSchema i -> expect(value.isIntegralNumber(), "an integer", value, at, problems);
            case JsonNumberSchema n -> expect(value.isNumber(), "a number", value, at, problems);
            case JsonBooleanSchema b -> expect(value.isBoolean(), "a boolean (true or false)", value, at, problems);
            case JsonNullSchema n -> expect(value.isNull(), "null", value, at, problems);
            case JsonEnumSchema e -> {
                if (!value.isTextual() || !e.enumValues().contains(value.asText())) {
                    problems.add(at + " must be one of " + e.enumValues() + ", got " + value);
                }
            }
            case JsonArraySchema a -> {
                if (!value.isArray()) {
                    problems.add(at + " must be an array, got " + kind(value));
                } else if (a.items() != null) {
                    for (int i = 0; i < value.size(); i++) {
                        check(a.items(), value.get(i), path + "[" + i + "]", problems);
                    }
                }
            }
            case JsonAnyOfSchema any -> {
                boolean fits = any.anyOf().stream().anyMatch(option -> {
                    List<String> found = new ArrayList<>();
                    check(option, value, path, found);
                    return found.isEmpty();
                });
                if (!fits) {
                    problems.add(at + " matches none of the allowed forms");
                }
            }
            default -> { }
        }
    }

    private static void expect(boolean holds, String expected, JsonNode value, String at, List<String> problems) {
        if (!holds) {
            problems.add(at + " must be " + expected + ", got " + kind(value));
        }
    }

    private static String kind(JsonNode value) {
        return switch (value.getNodeType()) {
            case STRING -> "the string " + value;
            case NUMBER -> "the number " + value;
            case BOOLEAN -> "the boolean " + value;
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case NULL -> "null";
            default -> value.getNodeType().name().toLowerCase();
        };
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }
}
