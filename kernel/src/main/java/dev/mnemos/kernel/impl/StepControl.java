package dev.mnemos.kernel.impl;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

/** The cancellation signal of one running step; the work it is waiting on registers what to stop. */
final class StepControl {

    private final List<Runnable> onCancel = new ArrayList<>();
    private boolean cancelled;

    /** Cancels the step: runs every registered hook once. Produces false when it was cancelled already. */
    boolean cancel() {
        List<Runnable> hooks;
        synchronized (this) {
            if (cancelled) {
                return false;
            }
            cancelled = true;
            hooks = List.copyOf(onCancel);
            onCancel.clear();
        }
        hooks.forEach(Runnable::run);
        return true;
    }

    synchronized boolean cancelled() {
        return cancelled;
    }

    /** Runs {@code hook} on cancellation, at once when the step is cancelled already. */
    void onCancel(Runnable hook) {
        synchronized (this) {
            if (!cancelled) {
                onCancel.add(hook);
                return;
            }
        }
        hook.run();
    }

    /** Fails with a {@link CancellationException} when the step was cancelled: called between the stages of a step. */
    void check() {
        if (cancelled()) {
            throw new CancellationException("step cancelled");
        }
    }
}
