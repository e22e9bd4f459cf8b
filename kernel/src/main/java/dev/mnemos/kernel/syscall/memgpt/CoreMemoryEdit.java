package dev.mnemos.kernel.syscall.memgpt;

import dev.mnemos.kernel.syscall.SyscallContext;
import dev.mnemos.kernel.syscall.SyscallResult;
import dev.mnemos.memory.core.Block;
import dev.mnemos.memory.core.BlockEdit;
import java.util.Map;
import java.util.stream.Collectors;

/** The part the core memory syscalls share: find the block, apply the edit, say what it holds now. */
final class CoreMemoryEdit {

    private CoreMemoryEdit() {}

    /** Applies {@code edit} to the block {@code label}; a missing block is an error result, other refusals fail (and reach the LLM the same way). */
    static SyscallResult apply(SyscallContext context, String label, BlockEdit edit) {
        if (context.blocks().stream().noneMatch(b -> b.label().equals(label))) {
            String labels = context.blocks().stream().map(Block::label).collect(Collectors.joining(", "));
            return SyscallResult.error(context.prompts().text("error.no_such_block", Map.of("label", label, "labels", labels)));
        }
        Block edited = context.editBlock(label, edit);
        return SyscallResult.ok(context.prompts().text("core_memory.edited",
                Map.of("label", label, "used", edited.value().length(), "limit", edited.limit())));
    }
}
