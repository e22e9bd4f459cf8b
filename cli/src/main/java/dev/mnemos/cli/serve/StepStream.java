package dev.mnemos.cli.serve;

import dev.mnemos.kernel.Kernel;
import dev.mnemos.kernel.event.StepEvent;
import dev.mnemos.kernel.interrupt.Interrupt;
import dev.mnemos.memory.AgentKey;
import io.smallrye.mutiny.Multi;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The step events of the chain of steps that one user message starts: subscribed to the agent's
 * events first, then the message is delivered, so no event is missed; ends with the event that ends
 * the chain (committed without a heartbeat, cancelled, or failed for good).
 */
public final class StepStream {

    private StepStream() {}

    public static Multi<StepEvent> send(Kernel kernel, AgentKey agent, String text) {
        return send(kernel, agent, Interrupt.userMessage(text));
    }

    /**
     * Like {@link #send(Kernel, AgentKey, String)} under the caller's message id: a message sent
     * again (a retry, through any node) is queued once, and if its chain of steps is over already
     * the stream ends at once, empty (the first stream carried its events).
     */
    public static Multi<StepEvent> send(Kernel kernel, AgentKey agent, Interrupt.UserMessage message) {
        return Multi.createFrom().<StepEvent>emitter(emitter -> {
            AtomicBoolean heard = new AtomicBoolean();
            var subscription = kernel.events(agent)
                    .filter(e -> e.step().origin().equals(message.id()))
                    .subscribe().with(e -> {
                        heard.set(true);
                        emitter.emit(e);
                        if (endsChain(e)) {
                            emitter.complete();
                        }
                    }, emitter::fail, emitter::complete);
            emitter.onTermination(subscription::cancel);
            OffContext.subscribed(kernel.deliver(agent, message).chain(id -> kernel.queued(agent, id))).subscribe().with(queued -> {
                if (!queued && !heard.get()) {
                    emitter.complete();
                }
            }, emitter::fail);
        });
    }

    static boolean endsChain(StepEvent e) {
        return switch (e) {
            case StepEvent.Committed c -> !c.heartbeat();
            case StepEvent.Cancelled c -> true;
            case StepEvent.Failed f -> !f.retrying();
            default -> false;
        };
    }
}
