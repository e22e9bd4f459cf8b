package dev.mnemos.memory.redis;

import static dev.mnemos.memory.redis.RedisFixture.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.Lease;
import dev.mnemos.memory.StaleFenceException;
import dev.mnemos.memory.StepCommit;
import dev.mnemos.memory.agent.AgentRecord;
import dev.mnemos.memory.agent.AgentState;
import dev.mnemos.memory.agent.QueuedInterrupt;
import dev.mnemos.memory.postgres.FreshSchema;
import dev.mnemos.memory.recall.Message;
import dev.mnemos.memory.recall.RecallQuery;
import dev.mnemos.memory.recall.Role;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Redis and PostgreSQL together, as two server nodes use them. */
class RedisFencingTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    @RegisterExtension
    static final FreshSchema postgres = new FreshSchema();

    @RegisterExtension
    final RedisFixture fixture = new RedisFixture();
    private final AgentKey agent = new AgentKey("acme", "a-" + UUID.randomUUID());

    private StepCommit step(String stepId, Lease lease, long expectedVersion, String text) {
        return new StepCommit(agent, stepId, lease.fence(), expectedVersion,
                List.of(Message.of(stepId + "-m", Role.ASSISTANT, text, T0, stepId)), null, null, null, AgentState.NEW, null, null);
    }

    @Test
    void should_refuse_a_late_commit_of_node_a_when_its_lease_lapsed_and_node_b_took_over() throws InterruptedException {
        await(postgres.store().agents().create(new AgentRecord(agent, null, null, null, null, 0, T0, null)));
        RedisAgentLeases leases = fixture.redis.leases();

        Lease a = await(leases.acquire(agent, "node-a", Duration.ofMillis(200))).orElseThrow();
        assertThat(await(postgres.store().commit(step("a-1", a, 1, "A's first step")))).isEqualTo(StepCommit.Outcome.COMMITTED);

        // node A stalls (a long GC pause, a partition) past its lease; node B takes the agent over
        Thread.sleep(400);
        Lease b = await(leases.acquire(agent, "node-b", Duration.ofSeconds(30))).orElseThrow();
        assertThat(b.fence()).isGreaterThan(a.fence());
        assertThat(await(postgres.store().commit(step("b-1", b, 2, "B's step")))).isEqualTo(StepCommit.Outcome.COMMITTED);

        // node A wakes up and commits the step it was running, with its old fence
        assertThatThrownBy(() -> await(postgres.store().commit(step("a-2", a, 2, "A's late step"))))
                .isInstanceOf(StaleFenceException.class)
                .hasMessageContaining("fence " + a.fence());
        assertThat(await(leases.renew(a, Duration.ofSeconds(30)))).isFalse();

        assertThat(await(postgres.store().recall().search(agent, RecallQuery.newest(10))).messages())
                .extracting(Message::content).containsExactly("B's step", "A's first step");
        assertThat(await(postgres.store().agents().get(agent)).orElseThrow().version()).isEqualTo(3);
    }

    @Test
    void should_acknowledge_the_wakeup_only_after_the_step_consuming_it_commits() {
        await(postgres.store().agents().create(new AgentRecord(agent, null, null, null, null, 0, T0, null)));
        RedisInterruptStream stream = fixture.redis.interrupts();
        await(stream.createGroup());

        // the writer persists first, then wakes a node
        QueuedInterrupt hello = new QueuedInterrupt("i-1", "user_message", "{\"text\":\"hello\"}", T0, T0);
        await(postgres.store().interrupts().enqueue(agent, hello));
        await(stream.publish(agent, hello.id()));

        Lease lease = await(fixture.redis.leases().acquire(agent, "node-a", Duration.ofSeconds(30))).orElseThrow();
        Wakeup wakeup = await(stream.read("node-a", 10, Duration.ZERO)).getFirst();
        assertThat(wakeup.agent()).isEqualTo(agent);
        List<QueuedInterrupt> due = await(postgres.store().interrupts().due(wakeup.agent(), T0, 10));
        assertThat(due).containsExactly(hello);

        StepCommit step = new StepCommit(agent, "s-1", lease.fence(), 1,
                List.of(Message.of("m-1", Role.USER, "hello", T0, "s-1")), null, null, null, AgentState.NEW, List.of(hello.id()), null);
        assertThat(await(postgres.store().commit(step))).isEqualTo(StepCommit.Outcome.COMMITTED);
        assertThat(await(stream.acknowledge(wakeup))).isTrue();

        assertThat(await(postgres.store().interrupts().due(agent, T0, 10))).isEmpty();
        assertThat(await(stream.pending())).isZero();
    }
}
