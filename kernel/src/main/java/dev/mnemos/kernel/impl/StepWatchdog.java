package dev.mnemos.kernel.impl;

import dev.mnemos.kernel.event.StepRef;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;

/**
 * Reports steps that run past their budget, as Vert.x's blocked-thread checker does: a warning
 * per step, naming the agent and the step, once. It only reports; cancelling is the caller's choice.
 */
final class StepWatchdog {

    private static final Logger LOG = Logger.getLogger(StepWatchdog.class.getName());

    private record Running(StepRef step, long startedNanos) {}

    private final long budgetNanos;
    private final Map<StepRef, Running> running = new ConcurrentHashMap<>();

    StepWatchdog(Duration budget) {
        this.budgetNanos = budget.toNanos();
    }

    void started(StepRef step) {
        running.put(step, new Running(step, System.nanoTime()));
    }

    void ended(StepRef step) {
        running.remove(step);
    }

    /** Warns about every step over budget, and forgets it; called periodically. */
    void check() {
        long now = System.nanoTime();
        running.values().removeIf(r -> {
            long overrun = now - r.startedNanos();
            if (overrun <= budgetNanos) {
                return false;
            }
            LOG.warning("step " + r.step().stepId() + " of " + r.step().agent() + " has run " + Duration.ofNanos(overrun).toMillis()
                    + " ms, over its budget of " + Duration.ofNanos(budgetNanos).toMillis() + " ms");
            return true;
        });
    }
}
