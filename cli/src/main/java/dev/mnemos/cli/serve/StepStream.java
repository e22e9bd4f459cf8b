package dev.mnemos.cli.serve;

import dev.mnemos.kernel.Kernel;
import dev.mnemos.kernel.event.StepEvent;
import dev.mnemos.kernel.interrupt.Interrupt;
import dev.mnemos.memory.AgentKey;
import io.smallrye.mutiny.Multi;

/**
 * The step events of the chain of steps that one user message starts ({@link Kernel#stream}), for
 * a request: the store work runs outside the request's Vert.x context.
 */
public final class StepStream {

    private StepStream() {}

    public static Multi<StepEvent> send(Kernel kernel, AgentKey agent, String text) {
        return send(kernel, agent, Interrupt.userMessage(text));
    }

    /**
     * Like {@link #send(Kernel, AgentKey, String)} under the caller's message id: a message sent
     * again (a retry, through any node) is queued once, and if its chain of steps is over already
     * the stream ends at once, empty (the first stream carried its events); on a node of several, a
     * lease's time to live later with the {@code committed} event of the chain's last step.
     */
    public static Multi<StepEvent> send(Kernel kernel, AgentKey agent, Interrupt.UserMessage message) {
        return OffContext.subscribed(kernel.stream(agent, message));
    }
}
