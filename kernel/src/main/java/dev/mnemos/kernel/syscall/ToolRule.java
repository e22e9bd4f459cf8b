package dev.mnemos.kernel.syscall;

import java.util.Objects;

/** A constraint the kernel enforces around a syscall, in the manner of Letta's tool rules. */
public sealed interface ToolRule {

    /** A successful call ends the chain: no heartbeat follows, even when one was asked for. */
    record EndsStep() implements ToolRule {}

    /** A successful call always chains another step, as if it had asked for a heartbeat. */
    record RequiresHeartbeat() implements ToolRule {}

    /** The syscall may run only once {@code tool} has run earlier in the same chain of steps. */
    record AllowedAfter(String tool) implements ToolRule {
        public AllowedAfter {
            Objects.requireNonNull(tool, "tool");
        }
    }
}
