package dev.mnemos.memory.redis;

import static dev.mnemos.memory.redis.RedisFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.memory.AgentKey;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RedisContextCacheTest {

    private static final Duration TTL = Duration.ofSeconds(30);

    @RegisterExtension
    final RedisFixture fixture = new RedisFixture();
    private final RedisContextCache cache = fixture.redis.contexts();
    private final AgentKey agent = new AgentKey("acme", "a-" + UUID.randomUUID());

    @Test
    void should_serve_only_the_version_asked_for_when_cached() {
        assertThat(await(cache.put(agent, 7, "window: 7\nwith lines", TTL))).isTrue();
        assertThat(await(cache.get(agent, 7))).contains("window: 7\nwith lines");
        assertThat(await(cache.get(agent, 8))).isEmpty();
        assertThat(await(cache.get(agent, 6))).isEmpty();
    }

    @Test
    void should_keep_the_newer_window_when_a_slow_writer_puts_an_older_one() {
        await(cache.put(agent, 9, "nine", TTL));
        assertThat(await(cache.put(agent, 8, "eight", TTL))).isFalse();
        assertThat(await(cache.get(agent, 9))).contains("nine");
        assertThat(await(cache.put(agent, 10, "ten", TTL))).isTrue();
        assertThat(await(cache.get(agent, 10))).contains("ten");
    }

    @Test
    void should_forget_the_window_when_its_ttl_passes_or_it_is_evicted() throws InterruptedException {
        await(cache.put(agent, 1, "short-lived", Duration.ofMillis(100)));
        Thread.sleep(300);
        assertThat(await(cache.get(agent, 1))).isEmpty();
        await(cache.put(agent, 2, "evicted", TTL));
        await(cache.evict(agent));
        assertThat(await(cache.get(agent, 2))).isEmpty();
    }

    @Test
    void should_not_serve_another_agents_window_when_versions_match() {
        AgentKey other = new AgentKey("globex", agent.agent());
        await(cache.put(agent, 3, "mine", TTL));
        assertThat(await(cache.get(other, 3))).isEmpty();
    }
}
