package dev.mnemos.kernel.syscall;

import dev.langchain4j.agent.tool.ToolSpecification;
import io.smallrye.mutiny.Uni;
import java.util.List;

/**
 * A tool the LLM may call: the MemGPT memory syscalls, and those other modules register through
 * {@link SyscallTable} (MCP tools, MemWalker's {@code memory_walk}, PRISM's {@code structured_memory_*}).
 *
 * <p>The kernel validates every call before {@link #call} runs: an unknown name, arguments that are
 * not JSON, or arguments that do not fit {@link #specification()}'s schema are answered with an
 * error and never reach the syscall. The table adds the {@code request_heartbeat} parameter to every
 * schema and handles it; a syscall neither declares nor reads it.
 */
public interface Syscall {

    /** The name, description and JSON schema of the parameters, as the LLM sees them. */
    ToolSpecification specification();

    /** The name the LLM calls it by. */
    default String name() {
        return specification().name();
    }

    /** The rules the kernel enforces around this syscall; none by default. */
    default List<ToolRule> rules() {
        return List.of();
    }

    /**
     * Runs the call and produces its result. A failure of the returned {@code Uni} (or an exception
     * thrown here) is reported to the LLM as an error result, with the exception's message; the step
     * goes on.
     *
     * @param context what the step lets the syscall touch; writes are buffered until the commit
     * @param arguments the call's arguments, already checked against the schema
     */
    Uni<SyscallResult> call(SyscallContext context, SyscallArguments arguments);
}
