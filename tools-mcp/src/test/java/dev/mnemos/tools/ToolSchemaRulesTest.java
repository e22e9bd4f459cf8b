package dev.mnemos.tools;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ToolSchemaRulesTest {

    @Test
    void should_accept_a_schema_of_nested_objects_arrays_and_enums_when_it_is_well_formed() {
        var schema = ToolSchema.parse("""
                {"type":"object","description":"find files",
                 "properties":{
                   "path":{"type":"string","description":"where"},
                   "depth":{"type":["integer","null"]},
                   "kinds":{"type":"array","items":{"type":"string","enum":["file","dir"]}},
                   "filter":{"type":"object","properties":{"glob":{"type":"string"}},"required":["glob"],
                             "additionalProperties":false},
                   "any":{"anyOf":[{"type":"string"},{"type":"number"}]}
                 },
                 "required":["path"]}""");

        assertThat(ToolSchemaRules.problemsOf(schema.json())).isEmpty();
    }

    @Test
    void should_name_each_problem_with_its_path_when_a_schema_is_malformed() {
        var schema = ToolSchema.parse("""
                {"type":"object",
                 "properties":{
                   "path":{"type":"strin"},
                   "mode":"read",
                   "nested":{"type":"object","properties":{"a":{"type":"string"}},"required":["b"]},
                   "list":{"type":"array","items":{"enum":[]}}
                 },
                 "required":["path","path","missing"]}""");

        assertThat(ToolSchemaRules.problemsOf(schema.json())).containsExactlyInAnyOrder(
                "properties.path.type: 'strin' is not a JSON Schema type [array, boolean, integer, null, number, object, string]",
                "properties.mode: must be a schema (a JSON object), found 'read'",
                "properties.nested.required: 'b' is required but not defined in properties",
                "properties.list.items.enum: must be a non-empty array, found an array",
                "required: 'path' is listed twice",
                "required: 'missing' is required but not defined in properties");
    }

    @Test
    void should_refuse_a_root_that_is_no_object_schema_when_type_is_missing_or_another() {
        assertThat(ToolSchemaRules.problemsOf(Map.of("properties", Map.of())))
                .containsExactly("type: the root of a tool schema must be {\"type\": \"object\"}, found nothing");
        assertThat(ToolSchemaRules.problemsOf(Map.of("type", "string")))
                .containsExactly("type: the root of a tool schema must be {\"type\": \"object\"}, found 'string'");
        assertThat(ToolSchemaRules.problemsOf(Map.of("type", "object", "properties", List.of("a"), "required", "a")))
                .containsExactly(
                        "properties: must be an object that maps names to schemas, found an array",
                        "required: must be an array of property names, found 'a'");
    }
}
