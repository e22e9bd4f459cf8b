package dev.mnemos.kernel.syscall.memgpt;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import dev.mnemos.kernel.context.Prompts;
import dev.mnemos.kernel.syscall.Syscall;
import dev.mnemos.kernel.syscall.SyscallArguments;
import dev.mnemos.kernel.syscall.SyscallContext;
import dev.mnemos.kernel.syscall.SyscallResult;
import io.smallrye.mutiny.Uni;
import java.util.Map;
import java.util.Set;

/** {@code archival_memory_insert(content, tags?)}: keeps a passage in archival storage. */
public final class ArchivalMemoryInsert implements Syscall {

    public static final String NAME = "archival_memory_insert";

    private final ToolSpecification specification;

    public ArchivalMemoryInsert(Prompts prompts) {
        this.specification = ToolSpecification.builder()
                .name(NAME)
                .description(prompts.syscall(NAME))
                .parameters(JsonObjectSchema.builder()
                        .addStringProperty("content", prompts.syscall(NAME + ".content"))
                        .addProperty("tags", JsonArraySchema.builder()
                                .description(prompts.syscall(NAME + ".tags"))
                                .items(new JsonStringSchema())
                                .build())
                        .required("content")
                        .additionalProperties(false)
                        .build())
                .build();
    }

    @Override
    public ToolSpecification specification() {
        return specification;
    }

    @Override
    public Uni<SyscallResult> call(SyscallContext context, SyscallArguments arguments) {
        return context.insertArchival(arguments.string("content"), Set.copyOf(arguments.strings("tags")))
                .map(id -> SyscallResult.ok(context.prompts().text("archival_memory_insert.done", Map.of("id", id))));
    }
}
