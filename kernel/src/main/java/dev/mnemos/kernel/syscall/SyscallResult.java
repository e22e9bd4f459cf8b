package dev.mnemos.kernel.syscall;

import java.util.Objects;

/**
 * What a syscall answers, fed back to the LLM as the tool result.
 *
 * @param content the text of the result
 * @param error true when the call failed: the kernel chains a step so the LLM can react
 * @param pending true when the tool goes on after the step; its result arrives later as a
 *     {@link dev.mnemos.kernel.interrupt.Interrupt.ToolCompletion}, and the agent waits on it
 */
public record SyscallResult(String content, boolean error, boolean pending) {

    public SyscallResult {
        Objects.requireNonNull(content, "content");
    }

    public static SyscallResult ok(String content) {
        return new SyscallResult(content, false, false);
    }

    public static SyscallResult error(String content) {
        return new SyscallResult(content, true, false);
    }

    public static SyscallResult pending(String content) {
        return new SyscallResult(content, false, true);
    }
}
