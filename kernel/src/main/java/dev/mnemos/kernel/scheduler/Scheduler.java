package dev.mnemos.kernel.scheduler;

import dev.mnemos.memory.AgentKey;
import io.smallrye.mutiny.Uni;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs agent steps: one step at a time per agent, many agents at once, fairly.
 *
 * <p>Runnable agents wait in one FIFO run queue; up to {@code maxConcurrentSteps} steps run at
 * once. An agent that has more work after a step goes to the back of the queue, behind every agent
 * that became runnable meanwhile, so a long heartbeat chain cannot starve the others (round robin).
 * {@link #schedule} on an agent that is running marks it to run again once its step ends, never
 * twice at once. Steps are subscribed on {@code executor}; what they wait on (the LLM, storage) is
 * theirs to run elsewhere.
 *
 * <p>Guarded by {@code this}: {@code states}, {@code runQueue}, {@code running}.
 */
public final class Scheduler {

    private static final Logger LOG = Logger.getLogger(Scheduler.class.getName());

    private enum State {
        QUEUED,
        RUNNING,
        /** Running, and scheduled again meanwhile: it goes back to the queue when the step ends. */
        RUNNING_AGAIN
    }

    private final int maxConcurrentSteps;
    private final Executor executor;
    private final Function<AgentKey, Uni<Boolean>> step;
    private final Map<AgentKey, State> states = new HashMap<>();
    private final ArrayDeque<AgentKey> runQueue = new ArrayDeque<>();
    private int running;
    private boolean closed;

    /**
     * @param step runs one step of an agent and produces true when the agent may have more work
     *     (it is then queued again); a failure counts as no more work, and is logged
     */
    public Scheduler(int maxConcurrentSteps, Executor executor, Function<AgentKey, Uni<Boolean>> step) {
        if (maxConcurrentSteps < 1) {
            throw new IllegalArgumentException("maxConcurrentSteps must be at least 1, got " + maxConcurrentSteps);
        }
        this.maxConcurrentSteps = maxConcurrentSteps;
        this.executor = Objects.requireNonNull(executor, "executor");
        this.step = Objects.requireNonNull(step, "step");
    }

    /** Makes the agent runnable: queues it unless it is queued already; if it is running, it runs again afterwards. */
    public void schedule(AgentKey agent) {
        synchronized (this) {
            if (closed) {
                return;
            }
            State state = states.get(agent);
            if (state == null) {
                states.put(agent, State.QUEUED);
                runQueue.addLast(agent);
            } else if (state == State.RUNNING) {
                states.put(agent, State.RUNNING_AGAIN);
            }
        }
        dispatch();
    }

    /** How many steps run now. */
    public synchronized int running() {
        return running;
    }

    /** How many agents wait for a step. */
    public synchronized int queued() {
        return runQueue.size();
    }

    /** True when the agent is queued or running. */
    public synchronized boolean busy(AgentKey agent) {
        return states.containsKey(agent);
    }

    /** Stops starting steps; running ones finish. */
    public synchronized void close() {
        closed = true;
        runQueue.clear();
    }

    private void dispatch() {
        while (true) {
            AgentKey next;
            synchronized (this) {
                if (closed || running >= maxConcurrentSteps || runQueue.isEmpty()) {
                    return;
                }
                next = runQueue.pollFirst();
                states.put(next, State.RUNNING);
                running++;
            }
            start(next);
        }
    }

    private void start(AgentKey agent) {
        Uni.createFrom().deferred(() -> step.apply(agent))
                .runSubscriptionOn(executor)
                .subscribe().with(more -> finished(agent, more), failure -> {
                    LOG.log(Level.WARNING, "a step of " + agent + " failed", failure);
                    finished(agent, false);
                });
    }

    private void finished(AgentKey agent, boolean more) {
        synchronized (this) {
            running--;
            State state = states.remove(agent);
            if (!closed && (more || state == State.RUNNING_AGAIN)) {
                states.put(agent, State.QUEUED);
                runQueue.addLast(agent);
            }
        }
        dispatch();
    }
}
