package dev.mnemos.kernel.syscall.memgpt;

import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.mnemos.kernel.context.Prompts;
import dev.mnemos.kernel.syscall.Syscall;
import dev.mnemos.kernel.syscall.SyscallArguments;
import dev.mnemos.kernel.syscall.SyscallContext;
import dev.mnemos.kernel.syscall.SyscallResult;
import dev.mnemos.memory.core.BlockEdit;
import io.smallrye.mutiny.Uni;

/** {@code core_memory_replace(label, old_content, new_content)}: replaces exact text in a core memory block. */
public final class CoreMemoryReplace implements Syscall {

    public static final String NAME = "core_memory_replace";

    private final ToolSpecification specification;

    public CoreMemoryReplace(Prompts prompts) {
        this.specification = ToolSpecification.builder()
                .name(NAME)
                .description(prompts.syscall(NAME))
                .parameters(JsonObjectSchema.builder()
                        .addStringProperty("label", prompts.syscall(NAME + ".label"))
                        .addStringProperty("old_content", prompts.syscall(NAME + ".old_content"))
                        .addStringProperty("new_content", prompts.syscall(NAME + ".new_content"))
                        .required("label", "old_content", "new_content")
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
        return Uni.createFrom().item(() -> CoreMemoryEdit.apply(context, arguments.string("label"),
                new BlockEdit.Replace(arguments.string("old_content"), arguments.string("new_content"))));
    }
}
