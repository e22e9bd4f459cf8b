package dev.mnemos.tools;

import static java.util.Objects.requireNonNull;

import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.mnemos.kernel.syscall.Syscall;
import dev.mnemos.kernel.syscall.SyscallArguments;
import dev.mnemos.kernel.syscall.SyscallContext;
import dev.mnemos.kernel.syscall.SyscallResult;
import io.smallrye.mutiny.Uni;
import java.util.List;

/**
 * A registered tool as a kernel syscall: the kernel lists it to the LLM and hands its calls to the registry, which
 * applies the calling agent's allow-list, the schema, the timeout and the output fence. Register these with {@code
 * KernelBuilder.syscall} once the tools (and MCP servers) are registered: the kernel's table is fixed when it is
 * built.
 *
 * @param registry where the tool is registered
 * @param specification the tool as the LLM sees it
 */
public record ToolSyscall(ToolRegistry registry, ToolSpecification specification) implements Syscall {

    public ToolSyscall {
        requireNonNull(registry, "registry");
        requireNonNull(specification, "specification");
    }

    /** Every tool registered now, as syscalls, by name. */
    public static List<Syscall> all(ToolRegistry registry) {
        return registry.tools().stream()
                .<Syscall>map(tool -> new ToolSyscall(registry, tool.specification()))
                .toList();
    }

    /** Runs the call through the registry; an error result of the registry is an error result of the syscall. */
    @Override
    public Uni<SyscallResult> call(SyscallContext context, SyscallArguments arguments) {
        var request = ToolExecutionRequest.builder()
                .name(specification.name())
                .arguments(arguments.json().toString())
                .build();
        return registry.call(context.agent(), request)
                .map(result -> result.error() ? SyscallResult.error(result.text()) : SyscallResult.ok(result.text()));
    }
}
