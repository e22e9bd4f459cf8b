package dev.mnemos.kernel.syscall.memgpt;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.mnemos.kernel.context.Prompts;
import dev.mnemos.kernel.syscall.Syscall;
import dev.mnemos.kernel.syscall.SyscallArguments;
import dev.mnemos.kernel.syscall.SyscallContext;
import dev.mnemos.kernel.syscall.SyscallResult;
import dev.mnemos.memory.core.BlockEdit;
import io.smallrye.mutiny.Uni;

/** {@code core_memory_replace(label, old_content, new_content)}: replaces exact text in a core memory block. */
public record CoreMemoryReplace(ToolSpecification specification) implements Syscall {

    public static final String NAME = "core_memory_replace";

    /** The syscall, described with the texts of {@code prompts}. */
    public static CoreMemoryReplace of(Prompts prompts) {
        return new CoreMemoryReplace(MemGptSpecification.of(prompts, NAME, b -> b
                .addStringProperty("label", MemGptSpecification.parameter(prompts, NAME, "label"))
                .addStringProperty("old_content", MemGptSpecification.parameter(prompts, NAME, "old_content"))
                .addStringProperty("new_content", MemGptSpecification.parameter(prompts, NAME, "new_content"))
                .required("label", "old_content", "new_content")));
    }

    @Override
    public Uni<SyscallResult> call(SyscallContext context, SyscallArguments arguments) {
        return Uni.createFrom().item(() -> CoreMemoryEdit.apply(context, arguments.string("label"),
                new BlockEdit.Replace(arguments.string("old_content"), arguments.string("new_content"))));
    }
}
