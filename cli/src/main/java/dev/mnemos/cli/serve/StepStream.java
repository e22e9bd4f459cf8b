package dev.mnemos.cli.serve;

import dev.mnemos.kernel.Kernel;
import dev.mnemos.kernel.event.StepEvent;
import dev.mnemos.kernel.interrupt.Interrupt;
import dev.mnemos.memory.AgentKey;
import io.smallrye.mutiny.Multi;

/**
 * The step events of the chain of steps that one user message starts: subscribed to the agent's
 * events first, then the message is delivered, so no event is missed; ends with the event that ends
 * the chain (committed without a heartbeat, cancelled, or failed for good).
 */
public final class StepStream {

    private StepStream() {}

    public static Multi<StepEvent> send(Kernel kernel, AgentKey agent, String text) {
        Interrupt.UserMessage message = Interrupt.userMessage(text);
        return Multi.createFrom().<StepEvent>emitter(emitter -> {
            var subscription = kernel.events(agent)
                    .filter(e -> e.step().origin().equals(message.id()))
                    .subscribe().with(e -> {
                        emitter.emit(e);
                        if (endsChain(e)) {
                            emitter.complete();
                        }
                    }, emitter::fail, emitter::complete);
            emitter.onTermination(subscription::cancel);
            OffContext.subscribed(kernel.deliver(agent, message)).subscribe().with(id -> {}, emitter::fail);
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
