package dev.mnemos.memory.redis;

import static dev.mnemos.memory.redis.RedisFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.Lease;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisAgentLeasesTest {

    private static final Duration LONG = Duration.ofSeconds(30);

    @RegisterExtension
    final RedisFixture fixture = new RedisFixture();
    private final RedisAgentLeases leases = fixture.redis.leases();
    private final AgentKey agent = new AgentKey("acme", "a-" + UUID.randomUUID());

    @Test
    void should_grant_the_agent_to_one_node_when_two_acquire() {
        Optional<Lease> a = await(leases.acquire(agent, "node-a", LONG));
        Optional<Lease> b = await(leases.acquire(agent, "node-b", LONG));
        assertThat(a).hasValueSatisfying(lease -> assertThat(lease.fence()).isPositive());
        assertThat(b).isEmpty();
        assertThat(await(leases.holder(agent))).isEqualTo(a);
    }

    @Test
    void should_keep_the_fence_when_the_holder_acquires_again() {
        Lease first = await(leases.acquire(agent, "node-a", LONG)).orElseThrow();
        Lease again = await(leases.acquire(agent, "node-a", LONG)).orElseThrow();
        assertThat(again).isEqualTo(first);
    }

    @Test
    void should_give_a_larger_fence_to_the_next_node_when_the_lease_lapses() throws InterruptedException {
        Lease a = await(leases.acquire(agent, "node-a", Duration.ofMillis(100))).orElseThrow();
        Thread.sleep(300);
        assertThat(await(leases.holder(agent))).isEmpty();
        Lease b = await(leases.acquire(agent, "node-b", LONG)).orElseThrow();
        assertThat(b.fence()).isGreaterThan(a.fence());
        assertThat(await(leases.renew(a, LONG))).isFalse();
        assertThat(await(leases.release(a))).isFalse();
        assertThat(await(leases.holder(agent))).contains(b);
    }

    @Test
    void should_keep_a_renewed_lease_past_its_first_ttl() throws InterruptedException {
        Lease a = await(leases.acquire(agent, "node-a", Duration.ofMillis(300))).orElseThrow();
        Thread.sleep(150);
        assertThat(await(leases.renew(a, Duration.ofSeconds(5)))).isTrue();
        Thread.sleep(300);
        assertThat(await(leases.holder(agent))).contains(a);
        assertThat(await(leases.acquire(agent, "node-b", LONG))).isEmpty();
    }

    @Test
    void should_free_the_agent_when_the_holder_releases() {
        Lease a = await(leases.acquire(agent, "node-a", LONG)).orElseThrow();
        assertThat(await(leases.release(a))).isTrue();
        Lease b = await(leases.acquire(agent, "node-b", LONG)).orElseThrow();
        assertThat(b.fence()).isEqualTo(a.fence() + 1);
    }

    @Test
    void should_hand_out_distinct_increasing_fences_when_nodes_race() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Long> fences = new ArrayList<>();
            for (int round = 0; round < 20; round++) {
                List<Future<Optional<Lease>>> tries = new ArrayList<>();
                for (int node = 0; node < 4; node++) {
                    String id = "node-" + node;
                    tries.add(pool.submit((Callable<Optional<Lease>>) () -> await(leases.acquire(agent, id, LONG))));
                }
                List<Lease> granted = new ArrayList<>();
                for (Future<Optional<Lease>> attempt : tries) {
                    attempt.get().ifPresent(granted::add);
                }
                assertThat(granted).hasSize(1);
                fences.add(granted.get(0).fence());
                await(leases.release(granted.get(0)));
            }
            assertThat(fences).isSorted().doesNotHaveDuplicates();
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void should_still_hand_out_a_larger_fence_when_redis_lost_its_counter() {
        Lease before = await(leases.acquire(agent, "node-a", LONG)).orElseThrow();
        await(leases.release(before));
        // what a restart of a Redis without persistence leaves: neither the lease nor the counter
        assertThat(fixture.delete(fixture.keys.fence(agent))).isTrue();
        Lease after = await(leases.acquire(agent, "node-b", LONG)).orElseThrow();
        assertThat(after.fence()).isGreaterThan(before.fence());
    }
}
