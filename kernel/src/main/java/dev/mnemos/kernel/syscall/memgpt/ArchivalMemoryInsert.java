package dev.mnemos.kernel.syscall.memgpt;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.mnemos.kernel.context.Prompts;
import dev.mnemos.kernel.syscall.Syscall;
import dev.mnemos.kernel.syscall.SyscallArguments;
import dev.mnemos.kernel.syscall.SyscallContext;
import dev.mnemos.kernel.syscall.SyscallResult;
import io.smallrye.mutiny.Uni;
import java.util.Map;
import java.util.Set;

/** {@code archival_memory_insert(content, tags?)}: keeps a passage in archival storage. */
public record ArchivalMemoryInsert(ToolSpecification specification) implements Syscall {

    public static final String NAME = "archival_memory_insert";

    /** The syscall, described with the texts of {@code prompts}. */
    public static ArchivalMemoryInsert of(Prompts prompts) {
        return new ArchivalMemoryInsert(MemGptSpecification.of(prompts, NAME, b -> b
                .addStringProperty("content", MemGptSpecification.parameter(prompts, NAME, "content"))
                .addProperty("tags", MemGptSpecification.tags(prompts, NAME))
                .required("content")));
    }

    @Override
    public Uni<SyscallResult> call(SyscallContext context, SyscallArguments arguments) {
        return context.insertArchival(arguments.string("content"), Set.copyOf(arguments.strings("tags")))
                .map(id -> SyscallResult.ok(context.prompts().text("archival_memory_insert.done", Map.of("id", id))));
    }
}
