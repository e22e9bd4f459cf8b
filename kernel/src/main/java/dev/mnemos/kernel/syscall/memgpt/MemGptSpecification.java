package dev.mnemos.kernel.syscall.memgpt;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import dev.mnemos.kernel.context.Prompts;
import java.util.function.UnaryOperator;

/**
 * How the MemGPT syscalls describe themselves: name and description from {@code syscalls.properties}
 * (a parameter's under {@code name.parameter}), and a parameter schema that refuses unknown parameters.
 */
final class MemGptSpecification {

    private MemGptSpecification() {}

    /** Produces the specification of syscall {@code name}, its parameters declared by {@code parameters}. */
    static ToolSpecification of(Prompts prompts, String name, UnaryOperator<JsonObjectSchema.Builder> parameters) {
        return ToolSpecification.builder()
                .name(name)
                .description(prompts.syscall(name))
                .parameters(parameters.apply(JsonObjectSchema.builder()).additionalProperties(false).build())
                .build();
    }

    /** The description of a parameter of syscall {@code name}. */
    static String parameter(Prompts prompts, String name, String parameter) {
        return prompts.syscall(name + "." + parameter);
    }

    /** An optional list of tags, as the archival syscalls take it. */
    static JsonArraySchema tags(Prompts prompts, String name) {
        return JsonArraySchema.builder().description(parameter(prompts, name, "tags")).items(new JsonStringSchema()).build();
    }
}
