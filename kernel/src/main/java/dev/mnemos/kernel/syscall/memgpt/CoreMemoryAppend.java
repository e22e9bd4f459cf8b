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

/** {@code core_memory_append(label, content)}: adds a line to a core memory block, within its limit. */
public final class CoreMemoryAppend implements Syscall {

    public static final String NAME = "core_memory_append";

    private final ToolSpecification specification;

    public CoreMemoryAppend(Prompts prompts) {
        this.specification = ToolSpecification.builder()
                .name(NAME)
                .description(prompts.syscall(NAME))
                .parameters(JsonObjectSchema.builder()
                        .addStringProperty("label", prompts.syscall(NAME + ".label"))
                        .addStringProperty("content", prompts.syscall(NAME + ".content"))
                        .required("label", "content")
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
        return Uni.createFrom().item(() -> CoreMemoryEdit.apply(
                context, arguments.string("label"), new BlockEdit.Append(arguments.string("content"))));
    }
}
