package dev.mnemos.tools;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rules a tool's input schema must follow before the tool is registered: the root is a JSON Schema object
 * ({@code "type": "object"}), {@code properties} maps names to schemas, every {@code type} names a JSON Schema type,
 * {@code required} lists unique names that {@code properties} defines, {@code enum} is a non-empty array, and so on
 * down through nested objects and array items.
 */
public final class ToolSchemaRules {

    private static final Set<String> TYPES = Set.of("string", "number", "integer", "boolean", "object", "array", "null");

    private ToolSchemaRules() {}

    /**
     * Lists what is wrong with a schema.
     *
     * @param schema the schema as a JSON object; {@code null} is one problem
     * @return one line per problem, each starting with the path of the offending keyword; empty when the schema is
     *     well-formed
     */
    public static List<String> problemsOf(Map<String, Object> schema) {
        var problems = new ArrayList<String>();
        if (schema == null) {
            problems.add("(root): the schema is missing");
            return problems;
        }
        if (!"object".equals(schema.get("type"))) {
            problems.add("type: the root of a tool schema must be {\"type\": \"object\"}, found " + describe(schema.get("type")));
        }
        checkSchema("", schema, problems);
        return problems;
    }

    private static void checkSchema(String path, Map<?, ?> schema, List<String> problems) {
        checkType(path, schema.get("type"), problems);
        if (schema.containsKey("description") && !(schema.get("description") instanceof String)) {
            problems.add(at(path, "description") + ": must be a string, found " + describe(schema.get("description")));
        }
        if (schema.containsKey("enum")
                && !(schema.get("enum") instanceof List<?> values && !values.isEmpty())) {
            problems.add(at(path, "enum") + ": must be a non-empty array, found " + describe(schema.get("enum")));
        }
        checkProperties(path, schema, problems);
        checkRequired(path, schema, problems);
        var additional = schema.get("additionalProperties");
        if (additional != null && !(additional instanceof Boolean)) {
            subschema(at(path, "additionalProperties"), additional, problems);
        }
        if (schema.containsKey("items")) {
            subschema(at(path, "items"), schema.get("items"), problems);
        }
        for (var combinator : List.of("anyOf", "oneOf", "allOf")) {
            if (!schema.containsKey(combinator)) {
                continue;
            }
            if (schema.get(combinator) instanceof List<?> alternatives && !alternatives.isEmpty()) {
                for (int i = 0; i < alternatives.size(); i++) {
                    subschema(at(path, combinator) + "[" + i + "]", alternatives.get(i), problems);
                }
            } else {
                problems.add(at(path, combinator) + ": must be a non-empty array of schemas, found "
                        + describe(schema.get(combinator)));
            }
        }
    }

    private static void checkType(String path, Object type, List<String> problems) {
        if (type == null) {
            return;
        }
        var names = type instanceof List<?> list ? list : List.of(type);
        if (names.isEmpty()) {
            problems.add(at(path, "type") + ": must not be an empty array");
        }
        for (var name : names) {
            if (!(name instanceof String s) || !TYPES.contains(s)) {
                problems.add(at(path, "type") + ": " + describe(name) + " is not a JSON Schema type " + TYPES.stream().sorted().toList());
            }
        }
    }

    private static void checkProperties(String path, Map<?, ?> schema, List<String> problems) {
        if (!schema.containsKey("properties")) {
            return;
        }
        if (!(schema.get("properties") instanceof Map<?, ?> properties)) {
            problems.add(at(path, "properties") + ": must be an object that maps names to schemas, found "
                    + describe(schema.get("properties")));
            return;
        }
        properties.forEach((name, property) -> {
            if (!(name instanceof String s) || s.isBlank()) {
                problems.add(at(path, "properties") + ": a property name must be a non-blank string, found " + describe(name));
                return;
            }
            subschema(at(path, "properties." + s), property, problems);
        });
    }

    private static void checkRequired(String path, Map<?, ?> schema, List<String> problems) {
        if (!schema.containsKey("required")) {
            return;
        }
        if (!(schema.get("required") instanceof List<?> required)) {
            problems.add(at(path, "required") + ": must be an array of property names, found " + describe(schema.get("required")));
            return;
        }
        var defined = schema.get("properties") instanceof Map<?, ?> properties ? properties.keySet() : Set.of();
        var seen = new HashSet<Object>();
        for (var name : required) {
            if (!(name instanceof String)) {
                problems.add(at(path, "required") + ": " + describe(name) + " is not a property name");
            } else if (!seen.add(name)) {
                problems.add(at(path, "required") + ": '" + name + "' is listed twice");
            } else if (!defined.contains(name)) {
                problems.add(at(path, "required") + ": '" + name + "' is required but not defined in properties");
            }
        }
    }

    private static void subschema(String path, Object schema, List<String> problems) {
        if (schema instanceof Map<?, ?> map) {
            checkSchema(path, map, problems);
        } else if (!(schema instanceof Boolean)) {
            problems.add(path + ": must be a schema (a JSON object), found " + describe(schema));
        }
    }

    private static String at(String path, String keyword) {
        return path.isEmpty() ? keyword : path + "." + keyword;
    }

    private static String describe(Object value) {
        return switch (value) {
            case null -> "nothing";
            case String s -> "'" + s + "'";
            case Map<?, ?> m -> "an object";
            case List<?> l -> "an array";
            default -> String.valueOf(value);
        };
    }
}
