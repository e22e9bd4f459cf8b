package dev.mnemos.memory.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.agent.AgentRecord;
import io.smallrye.mutiny.Uni;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Two engines on one schema, as two server nodes run: concurrent inserts through both are all stored. */
class PostgresTwoEnginesTest {

    @RegisterExtension
    static final FreshSchema postgres = new FreshSchema();

    @Test
    void should_store_every_agent_created_concurrently_through_two_engines() {
        try (PostgresMemoryStore other = PostgresMemoryStore.open(postgres.settings())) {
            List<Uni<AgentRecord>> creates = new ArrayList<>();
            for (int i = 0; i < 120; i++) {
                var key = new AgentKey("acme", "agent-" + i);
                var store = i % 2 == 0 ? postgres.store() : other;
                creates.add(store.agents().create(new AgentRecord(key, "Agent " + i, "chat", null, null, 0, Instant.now(), null)));
            }
            List<?> created = Uni.join().all(creates).andFailFast().await().atMost(Duration.ofMinutes(1));
            assertThat(created).hasSize(120);
            assertThat(postgres.store().agents().list("acme").await().atMost(Duration.ofSeconds(30))).hasSize(120);
        }
    }
}
