package dev.mnemos.memory.structured;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mnemos.memory.AgentKey;
import dev.mnemos.memory.MemoryException;
import dev.mnemos.memory.NoSuchAgentException;
import dev.mnemos.memory.conformance.ConformanceBase;
import org.junit.jupiter.api.Test;

/** What every engine's {@link StructuredMemoryStore} must do; an engine's test extends it. */
public abstract class StructuredMemoryStoreConformance extends ConformanceBase {

    private final MemoryUpdater updater = new MemoryUpdater();

    private StructuredMemoryStore memories() {
        return store().structuredMemories();
    }

    private StructuredMemory updated(StructuredMemory memory, String script) {
        return updater.applyAll(memory, UpdateScript.parse(script).updates());
    }

    @Test
    void should_load_the_memory_with_its_schema_when_saved() {
        AgentKey agent = agent();
        StructuredMemory memory = updated(StructuredMemory.fresh("story", MemorySchema.builtIn("narrative")), "add /facts/- \"the mill burned\"");

        await(memories().save(agent, memory));

        StructuredMemory loaded = await(memories().load(agent, "story")).orElseThrow();
        assertThat(loaded).isEqualTo(memory);
        assertThat(loaded.schema().violations(loaded.document())).isEmpty();
        assertThat(await(memories().list(agent))).containsExactly("story");
    }

    @Test
    void should_keep_the_newer_version_and_refuse_a_stale_one_when_saving_twice() {
        AgentKey agent = agent();
        StructuredMemory first = updated(StructuredMemory.fresh("story", MemorySchema.builtIn("narrative")), "add /facts/- \"one\"");
        StructuredMemory second = updated(first, "add /facts/- \"two\"");
        StructuredMemory rival = updated(first, "add /facts/- \"three\"");
        await(memories().save(agent, first));

        await(memories().save(agent, second));
        await(memories().save(agent, second));

        assertThat(failure(memories().save(agent, rival))).isInstanceOf(MemoryException.class).hasMessageContaining("read it again");
        assertThat(failure(memories().save(agent, first))).isInstanceOf(MemoryException.class);
        assertThat(await(memories().load(agent, "story"))).contains(second);
    }

    @Test
    void should_delete_a_memory_and_keep_others_apart() {
        AgentKey agent = agent(ORG_A, "reader");
        AgentKey other = agent(ORG_B, "reader");
        await(memories().save(agent, StructuredMemory.fresh("log", MemorySchema.builtIn("log"))));
        await(memories().save(agent, StructuredMemory.fresh("qa", MemorySchema.builtIn("qa"))));

        assertThat(await(memories().load(other, "log"))).isEmpty();
        assertThat(await(memories().delete(other, "log"))).isFalse();
        assertThat(await(memories().delete(agent, "log"))).isTrue();
        assertThat(await(memories().list(agent))).containsExactly("qa");
    }

    @Test
    void should_fail_with_no_such_agent_when_the_agent_is_unknown() {
        AgentKey ghost = new AgentKey(ORG_A, "ghost");

        assertThat(failure(memories().save(ghost, StructuredMemory.fresh("log", MemorySchema.builtIn("log"))))).isInstanceOf(NoSuchAgentException.class);
        assertThat(failure(memories().load(ghost, "log"))).isInstanceOf(NoSuchAgentException.class);
    }
}
