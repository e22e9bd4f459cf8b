package dev.mnemos.memory.redis;

import dev.mnemos.memory.AgentKey;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.smallrye.mutiny.Uni;
import java.util.function.Consumer;

/**
 * What the nodes of one deployment tell each other through Redis Pub/Sub: "run this agent" to the
 * node that holds its lease, and broadcasts (step events) to every node. Nothing here is durable:
 * the interrupt a wake-up names is in the store already, and a node that missed one finds it in
 * its next sweep.
 */
public final class RedisNodeMessages {

    private final RedisClient client;
    private final RedisAsyncCommands<String, String> redis;
    private final RedisKeys keys;

    RedisNodeMessages(RedisClient client, RedisAsyncCommands<String, String> redis, RedisKeys keys) {
        this.client = client;
        this.redis = redis;
        this.keys = keys;
    }

    /** Asks {@code node} to run the agent. */
    public Uni<Void> wake(String node, AgentKey agent) {
        return Uni.createFrom().completionStage(() -> redis.publish(keys.wakeups(node), agent.organization() + "/" + agent.agent()))
                .replaceWithVoid();
    }

    /** Hands {@code payload} to every listening node, this one included. */
    public Uni<Void> broadcast(String payload) {
        return Uni.createFrom().completionStage(() -> redis.publish(keys.broadcasts(), payload)).replaceWithVoid();
    }

    /**
     * Subscribes {@code node} to its wake-ups and to the broadcasts; both are subscribed when this
     * returns. Callbacks run on Lettuce's event loop, one message at a time, in the order sent.
     *
     * @return what unsubscribes
     */
    public AutoCloseable listen(String node, Consumer<AgentKey> wakeups, Consumer<String> broadcasts) {
        String wakeChannel = keys.wakeups(node);
        String broadcastChannel = keys.broadcasts();
        StatefulRedisPubSubConnection<String, String> connection = client.connectPubSub();
        connection.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                if (channel.equals(wakeChannel)) {
                    int slash = message.indexOf('/');
                    wakeups.accept(new AgentKey(message.substring(0, slash), message.substring(slash + 1)));
                } else if (channel.equals(broadcastChannel)) {
                    broadcasts.accept(message);
                }
            }
        });
        connection.sync().subscribe(wakeChannel, broadcastChannel);
        return connection::close;
    }
}
