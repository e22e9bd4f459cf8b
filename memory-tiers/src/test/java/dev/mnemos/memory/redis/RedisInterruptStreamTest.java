package dev.mnemos.memory.redis;

import static dev.mnemos.memory.redis.RedisFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.memory.AgentKey;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisInterruptStreamTest {

    @RegisterExtension
    final RedisFixture fixture = new RedisFixture();
    private final RedisInterruptStream stream = fixture.redis.interrupts();
    private final AgentKey agent = new AgentKey("acme", "a-" + UUID.randomUUID());

    @BeforeEach
    void group() {
        await(stream.createGroup());
    }

    @Test
    void should_deliver_each_wakeup_to_one_node_of_the_group_when_two_read() {
        await(stream.publish(agent, "i1"));
        await(stream.publish(agent, "i2"));
        List<Wakeup> a = await(stream.read("node-a", 10, Duration.ZERO));
        List<Wakeup> b = await(stream.read("node-b", 10, Duration.ZERO));
        assertThat(a).extracting(Wakeup::interruptId).containsExactly("i1", "i2");
        assertThat(a).extracting(Wakeup::agent).containsOnly(agent);
        assertThat(b).isEmpty();
    }

    @Test
    void should_forget_a_wakeup_when_acknowledged() {
        await(stream.publish(agent, "i1"));
        Wakeup wakeup = await(stream.read("node-a", 10, Duration.ZERO)).getFirst();
        assertThat(await(stream.pending())).isEqualTo(1);
        assertThat(await(stream.acknowledge(wakeup))).isTrue();
        assertThat(await(stream.acknowledge(wakeup))).isFalse();
        assertThat(await(stream.pending())).isZero();
        assertThat(await(stream.reclaim("node-b", Duration.ZERO, 10))).isEmpty();
    }

    @Test
    void should_hand_a_dead_nodes_pending_wakeups_to_another_when_idle_long_enough() throws InterruptedException {
        await(stream.publish(agent, "i1"));
        await(stream.read("node-a", 10, Duration.ZERO));
        assertThat(await(stream.reclaim("node-b", Duration.ofSeconds(30), 10))).isEmpty();
        Thread.sleep(150);
        List<Wakeup> taken = await(stream.reclaim("node-b", Duration.ofMillis(100), 10));
        assertThat(taken).extracting(Wakeup::interruptId).containsExactly("i1");
        assertThat(await(stream.acknowledge(taken.getFirst()))).isTrue();
        assertThat(await(stream.pending())).isZero();
    }

    @Test
    void should_wait_for_a_wakeup_when_reading_with_block() {
        Uni<List<Wakeup>> waiting = stream.read("node-a", 1, Duration.ofSeconds(5)).memoize().indefinitely();
        waiting.subscribe().with(x -> {});
        await(Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(200)));
        await(stream.publish(agent, "late"));
        assertThat(await(waiting)).extracting(Wakeup::interruptId).containsExactly("late");
    }
}
