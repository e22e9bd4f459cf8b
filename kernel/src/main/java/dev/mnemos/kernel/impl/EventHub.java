package dev.mnemos.kernel.impl;

import dev.mnemos.kernel.event.StepEvent;
import dev.mnemos.memory.AgentKey;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureStrategy;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Hands every agent's step events to whoever listens, in the order the steps emit them (the
 * scheduler runs one step of an agent at a time, so each agent's events come one after another).
 * A listener that falls behind is buffered, never blocks a step. On a node of several, the events of
 * this node's steps also go to the other nodes ({@code relay}), and theirs come in through {@link #received}.
 */
final class EventHub {

    private final Map<AgentKey, List<Consumer<StepEvent>>> listeners = new ConcurrentHashMap<>();
    private final Consumer<StepEvent> relay;

    /** @param relay hands the events of this node's steps to the other nodes */
    EventHub(Consumer<StepEvent> relay) {
        this.relay = relay;
    }

    /** Starts calling {@code listener} with the agent's events; produces what stops it. */
    Runnable listen(AgentKey agent, Consumer<StepEvent> listener) {
        List<Consumer<StepEvent>> list = listeners.computeIfAbsent(agent, k -> new CopyOnWriteArrayList<>());
        list.add(listener);
        return () -> list.remove(listener);
    }

    /** The agent's events from subscription on, a hot stream that never completes by itself. */
    Multi<StepEvent> events(AgentKey agent) {
        return Multi.createFrom().emitter(emitter -> {
            Runnable stop = listen(agent, emitter::emit);
            emitter.onTermination(stop);
        }, BackPressureStrategy.BUFFER);
    }

    /** An event of a step this node runs. */
    void publish(StepEvent event) {
        received(event);
        relay.accept(event);
    }

    /** An event of a step another node runs. */
    void received(StepEvent event) {
        List<Consumer<StepEvent>> list = listeners.get(event.step().agent());
        if (list != null) {
            for (Consumer<StepEvent> listener : list) {
                listener.accept(event);
            }
        }
    }
}
