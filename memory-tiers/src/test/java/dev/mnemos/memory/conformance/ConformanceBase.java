package dev.mnemos.memory.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.MemoryStore;
import dev.mnemos.memory.agent.AgentRecord;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;

/**
 * The root of the storage conformance suite (STYLE.md §3): the hook every engine's test
 * implements, the cleaning before each test, capability flags and the helpers the behaviour
 * classes share. Engines extend {@link MemoryStoreConformance}, which gathers every behaviour.
 *
 * <p>Every test works in the organisations {@link #ORG_A} and {@link #ORG_B} and leaves others
 * alone, so an engine may run the suite against a shared server.
 */
public abstract class ConformanceBase {

    protected static final String ORG_A = "conformance-a";
    protected static final String ORG_B = "conformance-b";
    /** Instants in the tests carry milliseconds only: every engine keeps at least microseconds. */
    protected static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private final AtomicInteger ids = new AtomicInteger();

    /** The engine under test, open; the same instance during one test. */
    protected abstract MemoryStore store();

    /** Whether the engine searches archival storage through an approximate (graph) index. */
    protected boolean supportsApproximateIndex() {
        return true;
    }

    /** Whether the engine implements {@code scan} and {@code replaceSpace}, which re-embedding needs. */
    protected boolean supportsReembedding() {
        return true;
    }

    @BeforeEach
    void clearStore() {
        for (String org : List.of(ORG_A, ORG_B)) {
            for (AgentRecord agent : await(store().agents().list(org))) {
                await(store().agents().delete(agent.key()));
            }
            assertThat(await(store().agents().list(org))).isEmpty();
        }
    }

    /** Creates an agent of {@code org} named {@code id} and produces its key. */
    protected AgentKey agent(String org, String id) {
        AgentKey key = new AgentKey(org, id);
        await(store().agents().create(new AgentRecord(key, null, null, null, null, 1, T0, null)));
        return key;
    }

    /** A fresh agent of {@link #ORG_A}. */
    protected AgentKey agent() {
        return agent(ORG_A, "agent-" + ids.incrementAndGet());
    }

    protected static Instant at(long seconds) {
        return T0.plus(seconds, ChronoUnit.SECONDS);
    }

    /** Produces the item of {@code uni}, failing the test on a failure or after a minute. */
    protected static <T> T await(Uni<T> uni) {
        return uni.subscribe().withSubscriber(UniAssertSubscriber.<T>create()).awaitItem(TIMEOUT).getItem();
    }

    /** Produces the failure of {@code uni}, failing the test when it produces an item. */
    protected static Throwable failure(Uni<?> uni) {
        return uni.subscribe().withSubscriber(UniAssertSubscriber.create()).awaitFailure(TIMEOUT).getFailure();
    }
}
