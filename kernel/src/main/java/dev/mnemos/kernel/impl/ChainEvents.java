package dev.mnemos.kernel.impl;

import dev.mnemos.kernel.event.StepEvent;
import dev.mnemos.kernel.event.StepRef;
import dev.mnemos.kernel.interrupt.Interrupt;
import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.recall.Message;
import dev.mnemos.memory.recall.RecallQuery;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.MultiEmitter;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The events of the chain of steps one user message starts, as its sender hears them: subscribed to
 * the agent's events first, then the message is delivered, so no event is missed; ends with the
 * event that ends the chain (committed without a heartbeat, cancelled, or failed for good). A
 * message whose chain was over before this delivery (a repeat) ends at once, empty; on a node of
 * several, at the first check below, since a chain that just ended on another node looks the same
 * at first while its events are on their way.
 *
 * <p>On a node of several the end may never come: the node that ran the chain's last step can die
 * between its commit and relaying the commit's event. So every {@code recheck} the store is asked
 * whether an interrupt of the chain is still queued (a step's interrupt stays queued until the step
 * commits, and a commit that asks for a heartbeat queues the next in the same transaction); when
 * none is on two checks in a row and the end was not heard, the stream ends with a
 * {@link StepEvent.Committed} of the chain's last step as recall has it. The second check gives an
 * end relayed by a live node the time to arrive.
 */
final class ChainEvents {

    private static final Logger LOG = Logger.getLogger(ChainEvents.class.getName());
    /** How much of an agent's newest history a check looks through. */
    private static final int HISTORY_SCAN = 200;

    private final KernelParts parts;
    private final ScheduledExecutorService timers;
    private final Duration recheck;

    /** @param recheck how often an unended chain is looked up in the store; null where every end is heard (a single node) */
    ChainEvents(KernelParts parts, ScheduledExecutorService timers, Duration recheck) {
        this.parts = parts;
        this.timers = timers;
        this.recheck = recheck;
    }

    /** The events of the chain {@code message} starts; {@code delivery} delivers it when subscribed to. */
    Multi<StepEvent> of(AgentKey agent, Interrupt.UserMessage message, Uni<String> delivery) {
        return Multi.createFrom().emitter(emitter -> new Watch(agent, message.id(), emitter).start(delivery));
    }

    /** True when {@code e} ends a chain of steps. */
    private static boolean endsChain(StepEvent e) {
        return switch (e) {
            case StepEvent.Committed c -> !c.heartbeat();
            case StepEvent.Cancelled c -> true;
            case StepEvent.Failed f -> !f.retrying();
            default -> false;
        };
    }

    /** One sender's wait for one chain. */
    private final class Watch {

        private final AgentKey agent;
        private final String origin;
        private final MultiEmitter<? super StepEvent> emitter;
        // @protectedby this
        private boolean heard;
        private boolean ended;
        private boolean overAtLastCheck;
        private ScheduledFuture<?> checks;

        Watch(AgentKey agent, String origin, MultiEmitter<? super StepEvent> emitter) {
            this.agent = agent;
            this.origin = origin;
            this.emitter = emitter;
        }

        void start(Uni<String> delivery) {
            Runnable stop = parts.events().listen(agent, this::heard);
            emitter.onTermination(() -> {
                stop.run();
                synchronized (this) {
                    ended = true;
                    if (checks != null) {
                        checks.cancel(false);
                    }
                }
            });
            delivery.chain(this::chainQueued).subscribe().with(queued -> {
                synchronized (this) {
                    if (!queued && !heard) {
                        if (recheck == null) {
                            end(null);
                            return;
                        }
                        // over already, or just now on another node, whose events are on their way: the next check decides
                        overAtLastCheck = true;
                    }
                    if (recheck != null && !ended) {
                        long every = recheck.toMillis();
                        checks = timers.scheduleWithFixedDelay(this::check, every, every, TimeUnit.MILLISECONDS);
                    }
                }
            }, this::fail);
        }

        private synchronized void heard(StepEvent e) {
            if (ended || !e.step().origin().equals(origin)) {
                return;
            }
            heard = true;
            emitter.emit(e);
            if (endsChain(e)) {
                end(null);
            }
        }

        private void check() {
            chainQueued().subscribe().with(queued -> {
                boolean lookUp;
                synchronized (this) {
                    lookUp = !ended && !queued && overAtLastCheck;
                    overAtLastCheck = !queued;
                }
                if (lookUp) {
                    lastStep().subscribe().with(last -> {
                        synchronized (this) {
                            if (!ended) {
                                LOG.info("the chain of " + origin + " of " + agent + " is over in the store and its end did not reach this node"
                                        + " (a repeat, or the node that ran it died before relaying it): its stream ends with the commit of "
                                        + last.map(StepRef::stepId).orElse("no step"));
                                end(last.map(ref -> new StepEvent.Committed(ref, false)).orElse(null));
                            }
                        }
                    }, this::lookUpFailed);
                }
            }, this::lookUpFailed);
        }

        /** A look-up of the store failed: the next check tries again (the chain may still end as heard). */
        private void lookUpFailed(Throwable failure) {
            LOG.log(Level.FINE, "cannot look up the chain of " + origin + " of " + agent + "; trying again", failure);
        }

        private synchronized void end(StepEvent last) {
            if (ended) {
                return;
            }
            ended = true;
            if (last != null) {
                emitter.emit(last);
            }
            emitter.complete();
        }

        private synchronized void fail(Throwable failure) {
            if (!ended) {
                ended = true;
                emitter.fail(failure);
            }
        }

        /** Produces whether an interrupt of the chain (the message, or a heartbeat after one of its steps) is queued. */
        private Uni<Boolean> chainQueued() {
            return parts.queue(agent).map(queued -> queued.stream().anyMatch(q -> Ids.inChain(Ids.step(q.id()), origin)));
        }

        /** Produces the chain's last step as recall has it: the deepest step among the agent's newest messages. */
        private Uni<Optional<StepRef>> lastStep() {
            return parts.store().recall().search(agent, RecallQuery.newest(HISTORY_SCAN)).map(page -> page.messages().stream()
                    .map(Message::stepId)
                    .filter(step -> step != null && Ids.inChain(step, origin))
                    .distinct()
                    .map(step -> new StepRef(agent, step, origin, Ids.depth(step, origin)))
                    .max(Comparator.comparingInt(StepRef::depth)));
        }
    }
}
