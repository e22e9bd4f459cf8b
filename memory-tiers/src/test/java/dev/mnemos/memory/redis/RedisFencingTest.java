package dev.mnemos.memory.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.Lease;
import dev.mnemos.memory.StaleFenceException;
import dev.mnemos.memory.StepCommit;
import dev.mnemos.memory.agent.AgentRecord;
import dev.mnemos.memory.agent.AgentState;
import dev.mnemos.memory.agent.QueuedInterrupt;
import dev.mnemos.memory.postgres.LocalServers;
import dev.mnemos.memory.postgres.PostgresMemoryStore;
import dev.mnemos.memory.postgres.PostgresSettings;
import dev.mnemos.memory.postgres.TestSchema;
import dev.mnemos.memory.recall.Message;
import dev.mnemos.memory.recall.RecallQuery;
import dev.mnemos.memory.recall.Role;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Redis and PostgreSQL together, as two server nodes use them. */
class RedisFencingTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private static PostgresSettings settings;
    private static PostgresMemoryStore store;

    private final RedisFixture fixture = new RedisFixture();
    private final AgentKey agent = new AgentKey("acme", "a-" + UUID.randomUUID());

    @BeforeAll
    static void open() {
        settings = LocalServers.postgres();
        store = PostgresMemoryStore.open(settings);
    }

    @AfterAll
    static void drop() {
        store.close();
        TestSchema.drop(settings);
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    private static <T> T await(Uni<T> uni) {
        return uni.await().atMost(Duration.ofSeconds(10));
    }

    private StepCommit step(String stepId, Lease lease, long expectedVersion, String text) {
        return new StepCommit(agent, stepId, lease.fence(), expectedVersion,
                List.of(Message.of(stepId + "-m", Role.ASSISTANT, text, T0, stepId)), null, null, null, AgentState.NEW, null, null);
    }

    @Test
    void should_refuse_a_late_commit_of_node_a_when_its_lease_lapsed_and_node_b_took_over() throws InterruptedException {
        await(store.agents().create(new AgentRecord(agent, null, null, null, null, 0, T0, null)));
        RedisAgentLeases leases = fixture.redis.leases();

        Lease a = await(leases.acquire(agent, "node-a", Duration.ofMillis(200))).orElseThrow();
        assertThat(await(store.commit(step("a-1", a, 1, "A's first step")))).isEqualTo(StepCommit.Outcome.COMMITTED);

        // node A stalls (a long GC pause, a partition) past its lease; node B takes the agent over
        Thread.sleep(400);
        Lease b = await(leases.acquire(agent, "node-b", Duration.ofSeconds(30))).orElseThrow();
        assertThat(b.fence()).isGreaterThan(a.fence());
        assertThat(await(store.commit(step("b-1", b, 2, "B's step")))).isEqualTo(StepCommit.Outcome.COMMITTED);

        // node A wakes up and commits the step it was running, with its old fence
        assertThatThrownBy(() -> await(store.commit(step("a-2", a, 2, "A's late step"))))
                .isInstanceOf(StaleFenceException.class)
                .hasMessageContaining("fence " + a.fence());
        assertThat(await(leases.renew(a, Duration.ofSeconds(30)))).isFalse();

        assertThat(await(store.recall().search(agent, RecallQuery.newest(10))).messages())
                .extracting(Message::content).containsExactly("B's step", "A's first step");
        assertThat(await(store.agents().get(agent)).orElseThrow().version()).isEqualTo(3);
    }

    @Test
    void should_acknowledge_the_wakeup_only_after_the_step_consuming_it_commits() {
        await(store.agents().create(new AgentRecord(agent, null, null, null, null, 0, T0, null)));
        RedisInterruptStream stream = fixture.redis.interrupts();
        await(stream.createGroup());

        // the writer persists first, then wakes a node
        QueuedInterrupt hello = new QueuedInterrupt("i-1", "user_message", "{\"text\":\"hello\"}", T0, T0);
        await(store.interrupts().enqueue(agent, hello));
        await(stream.publish(agent, hello.id()));

        Lease lease = await(fixture.redis.leases().acquire(agent, "node-a", Duration.ofSeconds(30))).orElseThrow();
        Wakeup wakeup = await(stream.read("node-a", 10, Duration.ZERO)).getFirst();
        assertThat(wakeup.agent()).isEqualTo(agent);
        List<QueuedInterrupt> due = await(store.interrupts().due(wakeup.agent(), T0, 10));
        assertThat(due).containsExactly(hello);

        StepCommit step = new StepCommit(agent, "s-1", lease.fence(), 1,
                List.of(Message.of("m-1", Role.USER, "hello", T0, "s-1")), null, null, null, AgentState.NEW, List.of(hello.id()), null);
        assertThat(await(store.commit(step))).isEqualTo(StepCommit.Outcome.COMMITTED);
        assertThat(await(stream.acknowledge(wakeup))).isTrue();

        assertThat(await(store.interrupts().due(agent, T0, 10))).isEmpty();
        assertThat(await(stream.pending())).isZero();
    }
}
