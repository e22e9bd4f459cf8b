package dev.mnemos.memory.redis;

import dev.mnemos.memory.AgentKey;
import io.lettuce.core.Consumer;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Interrupt wake-ups in Redis Streams, one stream per shard of agents, read by the nodes of one
 * consumer group. Redis holds no interrupt that exists only there: the writer persists the
 * interrupt first ({@link dev.mnemos.memory.agent.InterruptStore#enqueue}) and then
 * {@link #publish}es; a reader runs the agent, commits the step that consumes the interrupt, and
 * only then {@link #acknowledge}s. Entries a dead node read but never acknowledged stay pending
 * and are taken over by another node through {@link #reclaim} ({@code XAUTOCLAIM}).
 */
public final class RedisInterruptStream {

    /** Streams are trimmed to about this many entries; older ones are wake-ups long since served. */
    private static final long MAX_LENGTH = 100_000;

    private final RedisAsyncCommands<String, String> redis;
    private final RedisAsyncCommands<String, String> blockingReads;
    private final RedisKeys keys;
    private final String group;
    private final int shards;

    RedisInterruptStream(RedisAsyncCommands<String, String> redis, RedisAsyncCommands<String, String> blockingReads,
            RedisKeys keys, String group, int shards) {
        if (shards < 1 || shards > 1024) {
            throw new IllegalArgumentException("shards must be 1..1024, got " + shards);
        }
        this.redis = redis;
        this.blockingReads = blockingReads;
        this.keys = keys;
        this.group = group;
        this.shards = shards;
    }

    /** The shard of an agent's wake-ups; all of one agent's land in one stream, in order. */
    public int shard(AgentKey agent) {
        return Math.floorMod(agent.toString().hashCode(), shards);
    }

    /** Creates the consumer group on every shard's stream (from its first entry); an existing group is kept. */
    public Uni<Void> createGroup() {
        return Multi.createFrom().range(0, shards)
                .onItem().transformToUniAndConcatenate(shard -> Uni.createFrom()
                        .completionStage(() -> redis.xgroupCreate(XReadArgs.StreamOffset.from(keys.interrupts(shard), "0"), group,
                                XGroupCreateArgs.Builder.mkstream()))
                        .onFailure(RedisBusyException.class).recoverWithItem("exists"))
                .collect().last()
                .replaceWithVoid();
    }

    /** Adds a wake-up for an interrupt already persisted; produces the entry id. */
    public Uni<String> publish(AgentKey agent, String interruptId) {
        Map<String, String> fields = Map.of("organization", agent.organization(), "agent", agent.agent(), "interrupt", interruptId);
        return Uni.createFrom().completionStage(() -> redis.xadd(keys.interrupts(shard(agent)),
                XAddArgs.Builder.maxlen(MAX_LENGTH).approximateTrimming(), fields));
    }

    /**
     * Produces up to {@code count} wake-ups never delivered to any consumer of the group, waiting up
     * to {@code block} for one (zero: not at all). They stay pending for {@code consumer} until acknowledged.
     */
    public Uni<List<Wakeup>> read(String consumer, int count, Duration block) {
        XReadArgs args = XReadArgs.Builder.count(count);
        if (!block.isZero()) {
            args.block(block);
        }
        @SuppressWarnings("unchecked")
        XReadArgs.StreamOffset<String>[] offsets = IntStream.range(0, shards)
                .mapToObj(shard -> XReadArgs.StreamOffset.lastConsumed(keys.interrupts(shard)))
                .toArray(XReadArgs.StreamOffset[]::new);
        return Uni.createFrom().completionStage(() -> blockingReads.xreadgroup(Consumer.from(group, consumer), args, offsets))
                .map(RedisInterruptStream::wakeups);
    }

    /** Marks a wake-up served, once the step that consumed its interrupt has committed; produces false when it was not pending. */
    public Uni<Boolean> acknowledge(Wakeup wakeup) {
        return Uni.createFrom().completionStage(() -> redis.xack(wakeup.stream(), group, wakeup.entryId())).map(n -> n == 1);
    }

    /**
     * Takes over, for {@code consumer}, up to {@code count} wake-ups per shard that another consumer
     * read at least {@code minIdle} ago and never acknowledged (it died, or lost its agent's lease).
     */
    public Uni<List<Wakeup>> reclaim(String consumer, Duration minIdle, int count) {
        return Multi.createFrom().range(0, shards)
                .onItem().transformToUniAndConcatenate(shard -> Uni.createFrom()
                        .completionStage(() -> redis.xautoclaim(keys.interrupts(shard),
                                XAutoClaimArgs.Builder.xautoclaim(Consumer.from(group, consumer), minIdle, "0-0").count(count)))
                        .map(claimed -> wakeups(claimed.getMessages())))
                .collect().in(ArrayList<Wakeup>::new, List::addAll)
                .map(List::copyOf);
    }

    /** Produces how many wake-ups are delivered and not yet acknowledged, over all shards. */
    public Uni<Long> pending() {
        return Multi.createFrom().range(0, shards)
                .onItem().transformToUniAndConcatenate(shard -> Uni.createFrom()
                        .completionStage(() -> redis.xpending(keys.interrupts(shard), group))
                        .map(summary -> summary.getCount()))
                .collect().with(Collectors.summingLong(Long::longValue));
    }

    private static List<Wakeup> wakeups(List<StreamMessage<String, String>> messages) {
        List<Wakeup> wakeups = new ArrayList<>(messages.size());
        for (StreamMessage<String, String> message : messages) {
            Map<String, String> body = message.getBody();
            if (body == null) {
                continue; // trimmed away while pending: nothing to wake
            }
            wakeups.add(new Wakeup(message.getStream(), message.getId(),
                    new AgentKey(body.get("organization"), body.get("agent")), body.get("interrupt")));
        }
        return wakeups;
    }
}
