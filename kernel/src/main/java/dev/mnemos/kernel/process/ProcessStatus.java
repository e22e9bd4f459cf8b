package dev.mnemos.kernel.process;

import java.util.Locale;

/** Where an agent process stands, as an operating system names the states of its processes. */
public enum ProcessStatus {
    /** No interrupt is due: the agent waits for one. */
    SLEEPING,
    /** An interrupt is due and the agent waits for the scheduler. */
    RUNNABLE,
    /** A step is running. */
    RUNNING,
    /** A tool is still running after the step that called it; its result arrives as an interrupt. */
    WAITING_ON_TOOL;

    /** The name kept in storage ({@code sleeping}, {@code waiting_on_tool}, ...). */
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads a stored name back; an unknown or missing one reads as {@link #SLEEPING}. */
    public static ProcessStatus of(String text) {
        for (ProcessStatus status : values()) {
            if (status.text().equals(text)) {
                return status;
            }
        }
        return SLEEPING;
    }
}
