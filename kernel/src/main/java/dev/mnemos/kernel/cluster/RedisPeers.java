package dev.mnemos.kernel.cluster;

import dev.mnemos.kernel.event.StepEvent;
import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.redis.RedisNodeMessages;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@link Peers} through Redis Pub/Sub ({@link RedisNodeMessages}): a broadcast is the sending
 * node's id, a newline and the event's JSON, so that a node skips its own.
 */
public final class RedisPeers implements Peers {

    private static final Logger LOG = Logger.getLogger(RedisPeers.class.getName());

    private final RedisNodeMessages messages;
    private final String node;

    public RedisPeers(RedisNodeMessages messages, String node) {
        this.messages = messages;
        this.node = node;
    }

    @Override
    public void wake(String holder, AgentKey agent) {
        messages.wake(holder, agent).subscribe().with(v -> { }, e -> LOG.log(Level.FINE, "cannot wake " + holder, e));
    }

    @Override
    public void publish(StepEvent event) {
        messages.broadcast(node + "\n" + StepEventJson.write(event))
                .subscribe().with(v -> { }, e -> LOG.log(Level.WARNING, "cannot hand a step event to the other nodes", e));
    }

    @Override
    public AutoCloseable listen(Consumer<AgentKey> wakeups, Consumer<StepEvent> events) {
        return messages.listen(node, wakeups, payload -> {
            int newline = payload.indexOf('\n');
            if (newline < 0 || payload.substring(0, newline).equals(node)) {
                return;
            }
            try {
                events.accept(StepEventJson.read(payload.substring(newline + 1)));
            } catch (IllegalArgumentException e) {
                LOG.log(Level.WARNING, "dropping a step event another node sent", e);
            }
        });
    }
}
