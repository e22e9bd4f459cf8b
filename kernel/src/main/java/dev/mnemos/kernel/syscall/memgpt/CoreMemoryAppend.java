package dev.mnemos.kernel.syscall.memgpt;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.mnemos.kernel.context.Prompts;
import dev.mnemos.kernel.syscall.Syscall;
import dev.mnemos.kernel.syscall.SyscallArguments;
import dev.mnemos.kernel.syscall.SyscallContext;
import dev.mnemos.kernel.syscall.SyscallResult;
import dev.mnemos.memory.core.BlockEdit;
import io.smallrye.mutiny.Uni;

/** {@code core_memory_append(label, content)}: adds a line to a core memory block, within its limit. */
public record CoreMemoryAppend(ToolSpecification specification) implements Syscall {

    public static final String NAME = "core_memory_append";

    /** The syscall, described with the texts of {@code prompts}. */
    public static CoreMemoryAppend of(Prompts prompts) {
        return new CoreMemoryAppend(MemGptSpecification.of(prompts, NAME, b -> b
                .addStringProperty("label", MemGptSpecification.parameter(prompts, NAME, "label"))
                .addStringProperty("content", MemGptSpecification.parameter(prompts, NAME, "content"))
                .required("label", "content")));
    }

    @Override
    public Uni<SyscallResult> call(SyscallContext context, SyscallArguments arguments) {
        return Uni.createFrom().item(() -> CoreMemoryEdit.apply(
                context, arguments.string("label"), new BlockEdit.Append(arguments.string("content"))));
    }
}
